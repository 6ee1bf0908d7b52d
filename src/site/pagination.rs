//! Splitting a list into pages: `/blog/`, `/blog/page/2/`, ... Each list page costs time
//! in proportion to what it shows, not to the length of the whole list.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub struct Pager {
    /// From 1.
    pub number: usize,
    pub url: String,
    pub items: Range<usize>,
}

/// The URL of list page `n` of a list at `base` (which ends in `/`).
pub fn page_url(base: &str, n: usize) -> String {
    crate::urls::pager(base, n)
}

/// Pagers for `total` items, `per_page` each; always at least one (an empty list still
/// has its first page).
pub fn paginate(base: &str, total: usize, per_page: usize) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let count = total.div_ceil(per_page).max(1);
    (0..count)
        .map(|i| Pager {
            number: i + 1,
            url: page_url(base, i + 1),
            items: (i * per_page).min(total)..((i + 1) * per_page).min(total),
        })
        .collect()
}

/// The list page numbers worth a link from page `current` of `total`: the first, the
/// last, and two either side of the current one. A fixed number, so a list of thousands
/// of pages costs each page the same (linking every page from every page is quadratic).
pub fn window(current: usize, total: usize) -> Vec<usize> {
    const AROUND: usize = 2;
    let mut numbers: Vec<usize> = vec![1];
    let from = current.saturating_sub(AROUND).max(2);
    let to = (current + AROUND).min(total.saturating_sub(1));
    numbers.extend(from..=to);
    if total > 1 {
        numbers.push(total);
    }
    numbers.dedup();
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_has_first_last_and_neighbours_only() {
        assert_eq!(window(1, 1), vec![1]);
        assert_eq!(window(1, 3), vec![1, 2, 3]);
        assert_eq!(window(1, 5500), vec![1, 2, 3, 5500]);
        assert_eq!(
            window(2750, 5500),
            vec![1, 2748, 2749, 2750, 2751, 2752, 5500]
        );
        assert_eq!(window(5500, 5500), vec![1, 5498, 5499, 5500]);
        assert_eq!(window(4, 7), vec![1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn pages_cover_every_item_once() {
        let p = paginate("/blog/", 23, 10);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].url, "/blog/");
        assert_eq!(p[2].url, "/blog/page/3/");
        assert_eq!(p[2].items, 20..23);
        assert_eq!(paginate("/x/", 0, 10).len(), 1);
        assert_eq!(paginate("/x/", 10, 10).len(), 1);
    }
}
