//! Resized copies of the pictures pages embed, for a `srcset`: a phone on a slow line
//! should not fetch a 3,000-pixel photo to show it 360 pixels wide.
//!
//! Two halves, so that rendering stays free of image work:
//! - [`plan`], called while a body is rendered, decides from the picture's size alone
//!   (read from its header, as for `width` and `height`) which copies there will be, and
//!   gives the `srcset` and `sizes` to write. It decodes nothing.
//! - [`Wanted::write`], once after every page is rendered, makes each copy at most once
//!   per build, from the cache when it can, and writes it beside the original.
//!
//! Copies are kept between builds in `.daylight-cache/images/` in the site's folder
//! (outside the output, which a build replaces), named by a hash of the original's bytes
//! and the width: a changed picture gets new copies, an unchanged one is never decoded
//! again. A page without pictures costs nothing here: nothing is planned, and the cache
//! folder is not even looked at.
//!
//! Only PNG and JPEG are resized. A GIF may be animated and a copy would be its first
//! frame; the `image` crate writes WebP only losslessly, which for a photo is larger
//! than the lossy original. Those, and pictures no wider than the smallest width, are
//! shown as they are.
//!
//! This module must never panic or run out of memory on a user's file: a picture that
//! cannot be decoded is an error at the place it was embedded, and one larger than
//! [`MAX_PIXELS`] is refused before it is decoded.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::output::Output;
use crate::theme::FileSource;

/// The widths, in pixels, copies are made at. The default theme's reading column is at
/// most 70ch of 18px text (about 700 CSS pixels, `--measure` in daylight.css), and from
/// 360 on a phone: 480 serves phones, 960 the column on a 1x screen and phones at 2x,
/// 1440 the column at 2x. A copy is never wider than its original.
pub const WIDTHS: [u32; 3] = [480, 960, 1440];

/// The reading column at its widest, in CSS pixels (70ch at 18px, rounded up): a
/// picture is never shown wider than this.
const COLUMN: u32 = 704;

/// The padding either side of the column on a narrow screen (`.wrap`: 1rem), in pixels.
const GUTTER: u32 = 32;

/// The largest picture daylight will decode, in pixels: 50 megapixels is a large
/// camera's photo (8,000 × 6,000 is 48). A file claiming more is refused, so that a
/// small file that would decode to gigabytes cannot exhaust the machine's memory.
pub const MAX_PIXELS: u64 = 50_000_000;

/// What one decode and resize may allocate, whatever a file's header says.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// JPEG quality of the copies: visually the same as most cameras' output, far smaller.
const JPEG_QUALITY: u8 = 82;

/// Where the copies are kept between builds, inside the site's folder.
pub const CACHE_DIR: &str = ".daylight-cache/images";

/// The attributes an `<img>` takes for its copies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Srcset {
    /// `/a/chart-480w.png 480w, …, /a/chart.png 2000w`.
    pub srcset: String,
    /// How wide the picture is shown, for the browser to choose a copy.
    pub sizes: String,
}

/// A picture a body embeds with copies: what [`Wanted::write`] must make.
#[derive(Debug, Clone)]
pub struct Use {
    /// The original's site path (`/blog/post/chart.png`).
    pub url: String,
    pub widths: Vec<u32>,
    /// Where it is embedded: an error with no message yet, at the file, line and column.
    pub at: Diagnostic,
}

/// Whether a picture at this site path is of a kind that gets copies.
fn resizable(site_path: &str) -> bool {
    site_path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| matches!(ext.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg"))
}

/// The widths of the copies a picture `width` pixels wide gets.
fn widths_for(width: u32) -> Vec<u32> {
    WIDTHS.iter().copied().filter(|&w| w < width).collect()
}

/// The site path of the copy of `url` `width` pixels wide: beside the original, the width
/// in its name (`/a/chart.png` -> `/a/chart-480w.png`).
pub fn copy_url(url: &str, width: u32) -> String {
    let name_at = url.rfind('/').map_or(0, |i| i + 1);
    match url[name_at..].rfind('.') {
        Some(dot) => {
            let dot = name_at + dot;
            format!("{}-{width}w{}", &url[..dot], &url[dot..])
        }
        None => format!("{url}-{width}w"),
    }
}

/// The copies of the picture at site path `url`, `size` pixels, and the attributes that
/// offer them; None when it gets none (too small, a kind not resized, or a path a
/// `srcset` cannot carry).
pub fn plan(url: &str, size: (u32, u32)) -> Option<(Srcset, Vec<u32>)> {
    // A `srcset` separates candidates by commas and spaces: a path with either (or with
    // a query or fragment) is shown as it is.
    if !url.starts_with('/') || url.contains([',', ' ', '?', '#']) || !resizable(url) {
        return None;
    }
    let (width, _) = size;
    let widths = widths_for(width);
    if widths.is_empty() {
        return None;
    }
    let mut srcset: Vec<String> = widths
        .iter()
        .map(|&w| format!("{} {w}w", copy_url(url, w)))
        .collect();
    srcset.push(format!("{url} {width}w"));
    let shown = width.min(COLUMN);
    let sizes = format!(
        "(max-width: {}px) calc(100vw - 2rem), {shown}px",
        shown + GUTTER
    );
    Some((
        Srcset {
            srcset: srcset.join(", "),
            sizes,
        },
        widths,
    ))
}

/// Every copy the pages of one build need, gathered as their bodies are rendered.
#[derive(Debug, Default)]
pub struct Wanted {
    /// By the original's site path: the widths, and the first place it is embedded (by
    /// file, line and column, so the error a broken picture gives is the same every
    /// build).
    by_url: Mutex<BTreeMap<String, (BTreeSet<u32>, Diagnostic)>>,
}

impl Wanted {
    /// Adds what one body needs.
    pub fn add(&self, uses: &[Use]) {
        if uses.is_empty() {
            return;
        }
        let mut by_url = self.by_url.lock().unwrap_or_else(|e| e.into_inner());
        for u in uses {
            let entry = by_url
                .entry(u.url.clone())
                .or_insert_with(|| (BTreeSet::new(), u.at.clone()));
            entry.0.extend(&u.widths);
            let key = |d: &Diagnostic| (d.path.clone(), d.line, d.column);
            if key(&u.at) < key(&entry.1) {
                entry.1 = u.at.clone();
            }
        }
    }

    /// Makes (or takes from the cache in `root`) every copy wanted so far and writes it
    /// to `out`;
    /// `source` says where a site path's original is. Returns the problems and how many
    /// copies were written.
    pub fn write(
        &self,
        root: &Path,
        source: &(dyn Fn(&str) -> Option<FileSource> + Sync),
        out: &dyn Output,
    ) -> (Vec<Diagnostic>, usize) {
        let by_url = std::mem::take(&mut *self.by_url.lock().unwrap_or_else(|e| e.into_inner()));
        if by_url.is_empty() {
            return (Vec::new(), 0);
        }
        let cache = root.join(CACHE_DIR);
        // Without a cache (a read-only checkout) the copies are still made, every build.
        let cache = std::fs::create_dir_all(&cache).is_ok().then_some(cache);
        let results: Vec<(Vec<Diagnostic>, usize)> = by_url
            .into_iter()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(url, (widths, at))| {
                let job = Job {
                    url: &url,
                    widths: &widths,
                    at: &at,
                    cache: cache.as_deref(),
                    out,
                };
                match source(&url) {
                    Some(from) => job.run(&from),
                    // Planned only for files of the site: not reached.
                    None => (Vec::new(), 0),
                }
            })
            .collect();
        let mut diagnostics = Vec::new();
        let mut written = 0;
        for (d, n) in results {
            diagnostics.extend(d);
            written += n;
        }
        (diagnostics, written)
    }
}

/// The copies of one picture.
struct Job<'a> {
    url: &'a str,
    widths: &'a BTreeSet<u32>,
    at: &'a Diagnostic,
    cache: Option<&'a Path>,
    out: &'a dyn Output,
}

impl Job<'_> {
    fn run(&self, from: &FileSource) -> (Vec<Diagnostic>, usize) {
        let bytes: std::borrow::Cow<'_, [u8]> = match from {
            FileSource::Disk(path) => match std::fs::read(path) {
                Ok(b) => b.into(),
                Err(e) => return (vec![self.error(format!("could not read it: {e}"))], 0),
            },
            FileSource::Builtin(b) => (*b).into(),
        };
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let ext = self.url.rsplit_once('.').map_or("", |(_, e)| e);
        let cached = |w: u32| -> Option<PathBuf> {
            Some(
                self.cache?
                    .join(format!("{hash:032x}-{w}.{}", ext.to_ascii_lowercase())),
            )
        };
        let mut diagnostics = Vec::new();
        let mut written = 0;
        let mut decoded: Option<Result<Decoded, String>> = None;
        // Widest first: each copy is made from the last one made, which is less work
        // than from the original and looks the same at these steps.
        for &w in self.widths.iter().rev() {
            let rel = copy_url(self.url, w);
            let rel = rel.trim_start_matches('/');
            let kept = cached(w).filter(|p| p.is_file());
            let result = match kept {
                Some(path) => self.out.copy_file(rel, &path),
                None => {
                    let image = decoded.get_or_insert_with(|| decode(&bytes));
                    let copy = match image {
                        Ok(image) => image.shrink_to(w),
                        Err(e) => {
                            diagnostics.push(self.error(e.clone()));
                            break;
                        }
                    };
                    match copy {
                        Ok(copy) => {
                            if let Some(path) = cached(w) {
                                keep(&path, &copy);
                            }
                            self.out.write(rel, &copy)
                        }
                        Err(e) => {
                            diagnostics.push(self.error(e));
                            break;
                        }
                    }
                }
            };
            match result {
                Ok(()) => written += 1,
                Err(d) => diagnostics.push(d),
            }
        }
        (diagnostics, written)
    }

    /// An error at the place the picture is embedded.
    fn error(&self, why: String) -> Diagnostic {
        let mut d = self.at.clone();
        d.message = format!("`{}` could not be resized: {why}", self.url);
        d.with_hint(
            "save the picture again as a PNG or JPEG (an editor's \"Export\" writes a clean file), \
             or make it smaller than 50 megapixels",
        )
    }
}

/// A copy written to the cache: to a temporary name first, so that a build stopped half
/// way never leaves a cut-off file that a later build would trust.
fn keep(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    // A cache that cannot be written only costs the next build the same work again.
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// A decoded picture and the format to write its copies in.
struct Decoded {
    /// The original, or once a copy is made the last (smallest) copy.
    image: image::DynamicImage,
    /// The original's width and height: every copy keeps its shape.
    original: (u32, u32),
    format: image::ImageFormat,
}

/// The picture in `bytes`, decoded within the limits; the reason when it cannot be.
fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(f @ (image::ImageFormat::Png | image::ImageFormat::Jpeg)) => f,
        _ => return Err("it is not a PNG or JPEG file, whatever its name says".to_string()),
    };
    // The header alone, read without the decoder (which wants more of the file first);
    // the decoder's own limits below stop a file whose header lied.
    let size = imagesize::blob_size(bytes).map_err(|e| e.to_string())?;
    let (w, h) = (
        u32::try_from(size.width).map_err(|e| e.to_string())?,
        u32::try_from(size.height).map_err(|e| e.to_string())?,
    );
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "it is {w} × {h} pixels ({} megapixels); daylight decodes at most {}",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| e.to_string())?;
    Ok(Decoded {
        original: (image.width(), image.height()),
        image,
        format,
    })
}

impl Decoded {
    /// A copy `width` pixels wide (no wider than the last made), in the original's
    /// format; it becomes the picture the next, narrower copy is made from.
    fn shrink_to(&mut self, width: u32) -> Result<Vec<u8>, String> {
        let (w, h) = self.original;
        let height = ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1);
        let height = u32::try_from(height).map_err(|e| e.to_string())?;
        // Catmull-Rom: as sharp as Lanczos for a reduction, with two thirds of its work.
        let copy =
            (self.image).resize_exact(width, height, image::imageops::FilterType::CatmullRom);
        let mut out = Vec::new();
        match self.format {
            image::ImageFormat::Jpeg => {
                let encoder =
                    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
                copy.to_rgb8()
                    .write_with_encoder(encoder)
                    .map_err(|e| e.to_string())?;
            }
            _ => copy
                .write_to(&mut Cursor::new(&mut out), self.format)
                .map_err(|e| e.to_string())?,
        }
        self.image = copy;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_beside_the_original_with_their_width() {
        assert_eq!(copy_url("/a/chart.png", 480), "/a/chart-480w.png");
        assert_eq!(copy_url("/a.b/photo.JPG", 960), "/a.b/photo-960w.JPG");
        assert_eq!(copy_url("/a/noext", 480), "/a/noext-480w");
    }

    #[test]
    fn never_wider_than_the_original_and_only_png_and_jpeg() {
        assert_eq!(plan("/a.png", (480, 100)), None);
        assert_eq!(plan("/a.gif", (3000, 100)), None);
        assert_eq!(plan("/a b.png", (3000, 100)), None);
        let (set, widths) = plan("/a.png", (1000, 500)).expect("copies");
        assert_eq!(widths, vec![480, 960]);
        assert_eq!(
            set.srcset,
            "/a-480w.png 480w, /a-960w.png 960w, /a.png 1000w"
        );
        assert_eq!(set.sizes, "(max-width: 736px) calc(100vw - 2rem), 704px");
        let (set, _) = plan("/a.jpg", (600, 500)).expect("copies");
        assert_eq!(set.sizes, "(max-width: 632px) calc(100vw - 2rem), 600px");
    }

    #[test]
    fn a_picture_too_large_is_refused_before_it_is_decoded() {
        // A PNG header claiming 20,000 × 20,000 pixels, and nothing after it.
        let mut png = Vec::new();
        png.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR");
        png.extend_from_slice(&20_000u32.to_be_bytes());
        png.extend_from_slice(&20_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        // No checksum: the size is judged from the header before any decoder reads it.
        let err = decode(&png).err().expect("refused");
        assert!(err.contains("400 megapixels"), "{err}");
    }

    #[test]
    fn a_copy_has_the_width_asked_and_keeps_the_shape() {
        let mut buf = Vec::new();
        image::DynamicImage::new_rgb8(1000, 500)
            .write_to(&mut Cursor::new(&mut buf), image::ImageFormat::Png)
            .expect("png");
        let mut image = decode(&buf).expect("decoded");
        for (width, height) in [(960, 480), (480, 240)] {
            let copy = image.shrink_to(width).expect("resized");
            let size = imagesize::blob_size(&copy).expect("size");
            assert_eq!((size.width, size.height), (width as usize, height));
        }
    }
}
