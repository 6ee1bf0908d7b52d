//! Welsh initial mutations for search: a search for `Caerdydd` finds `Nghaerdydd`,
//! `Gaerdydd` and `Chaerdydd`; `pont` finds `bont` and `mhont`.
//!
//! Welsh changes the first sound of a word after certain words (`i Gaerdydd`, "to
//! Cardiff"; `yng Nghaerdydd`, "in Cardiff"): soft, nasal and aspirate mutation, and
//! `h` before a vowel. A page's words are indexed as written; a query's word is widened
//! to every form it could take ([`variants`]): the radicals it could be a mutation of,
//! then every mutation of each. The search page's script does the same with the same
//! tables (`themes/default/static/js/welsh.js`; a test below keeps the two in step), so
//! this works with any index format that can look a word up.
//!
//! The tables over-generate on purpose (`f` could be a soft `b` or a soft `m`): a search
//! that finds one page too many is better than one that misses the page wanted.

/// A mutated start and the radical start it can come from (longest first).
pub const UNMUTATE: &[(&str, &str)] = &[
    ("ngh", "c"),
    ("mh", "p"),
    ("nh", "t"),
    ("ph", "p"),
    ("th", "t"),
    ("ch", "c"),
    ("dd", "d"),
    ("ng", "g"),
    ("b", "p"),
    ("d", "t"),
    ("g", "c"),
    ("f", "b"),
    ("f", "m"),
    ("m", "b"),
    ("n", "d"),
    ("l", "ll"),
    ("r", "rh"),
];

/// A radical start and its mutations: soft, nasal, aspirate (`g` loses itself when
/// soft: `gardd`, `yr ardd`).
pub const MUTATE: &[(&str, &[&str])] = &[
    ("ll", &["l"]),
    ("rh", &["r"]),
    ("p", &["b", "mh", "ph"]),
    ("t", &["d", "nh", "th"]),
    ("c", &["g", "ngh", "ch"]),
    ("b", &["f", "m"]),
    ("d", &["dd", "n"]),
    ("g", &["", "ng"]),
    ("m", &["f"]),
];

/// Words shorter than this are left as they are: a two-letter word widened to ten
/// would begin half the words of the site.
pub const SHORTEST: usize = 3;

fn starts_with_vowel(word: &str) -> bool {
    word.starts_with([
        'a', 'e', 'i', 'o', 'u', 'w', 'y', 'â', 'ê', 'î', 'ô', 'û', 'ŵ', 'ŷ',
    ])
}

/// The word and every radical it could be a mutation of (lower case in, lower case
/// out): `nghaerdydd` -> `nghaerdydd`, `caerdydd`.
pub fn radicals(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    if word.chars().count() < SHORTEST {
        return out;
    }
    for (mutated, radical) in UNMUTATE {
        if let Some(rest) = word.strip_prefix(mutated) {
            push_new(&mut out, format!("{radical}{rest}"));
        }
    }
    if starts_with_vowel(word) {
        // A soft `g` that left (`ardd` from `gardd`).
        push_new(&mut out, format!("g{word}"));
    }
    if let Some(rest) = word.strip_prefix('h')
        && starts_with_vowel(rest)
    {
        // An `h` before a vowel (`ei henw`, "her name", from `enw`).
        push_new(&mut out, rest.to_string());
    }
    out
}

/// Every mutation of a radical: `pont` -> `bont`, `mhont`, `phont`.
pub fn mutations(radical: &str) -> Vec<String> {
    let mut out = Vec::new();
    if radical.chars().count() < SHORTEST {
        return out;
    }
    for (start, mutated) in MUTATE {
        if let Some(rest) = radical.strip_prefix(start) {
            for m in *mutated {
                push_new(&mut out, format!("{m}{rest}"));
            }
            // `ll` and `rh` are not also `l` and `r` mutations of themselves.
            break;
        }
    }
    if starts_with_vowel(radical) {
        push_new(&mut out, format!("h{radical}"));
    }
    out
}

/// Every form a query's word may take in Welsh text: the word first, then its radicals
/// and their mutations, each once.
pub fn variants(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for r in radicals(word) {
        push_new(&mut out, r.clone());
        for m in mutations(&r) {
            push_new(&mut out, m);
        }
    }
    out
}

fn push_new(out: &mut Vec<String>, w: String) {
    if !w.is_empty() && !out.contains(&w) {
        out.push(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(query: &str, written: &str) -> bool {
        variants(query).iter().any(|v| v == written)
    }

    #[test]
    fn caerdydd_finds_its_mutations() {
        for w in ["caerdydd", "gaerdydd", "nghaerdydd", "chaerdydd"] {
            assert!(finds("caerdydd", w), "{w}");
        }
        assert!(!finds("caerdydd", "taerdydd"));
    }

    #[test]
    fn pont_finds_bont_and_mhont_and_back() {
        for w in ["pont", "bont", "mhont", "phont"] {
            assert!(finds("pont", w), "{w}");
        }
        // A mutated query finds the radical and the other mutations.
        assert!(finds("bont", "pont"));
        assert!(finds("mhont", "bont"));
    }

    #[test]
    fn soft_g_and_h_before_a_vowel() {
        assert!(finds("gardd", "ardd"));
        assert!(finds("ardd", "gardd"));
        assert!(finds("enw", "henw"));
        assert!(finds("henw", "enw"));
    }

    #[test]
    fn ll_and_rh_soften_to_l_and_r() {
        assert!(finds("llyfr", "lyfr"));
        assert!(finds("lyfr", "llyfr"));
        assert!(finds("rhaglen", "raglen"));
    }

    #[test]
    fn short_words_stay_as_they_are() {
        assert_eq!(variants("yn"), vec!["yn".to_string()]);
        assert_eq!(variants("pa"), vec!["pa".to_string()]);
    }

    #[test]
    fn the_search_script_has_the_same_tables() {
        let js = include_str!("../../themes/default/static/js/welsh.js");
        let unmutate: Vec<String> = UNMUTATE
            .iter()
            .map(|(m, r)| format!("[\"{m}\", \"{r}\"]"))
            .collect();
        assert!(
            js.contains(&format!("var UNMUTATE = [{}];", unmutate.join(", "))),
            "UNMUTATE differs from welsh.js"
        );
        let mutate: Vec<String> = MUTATE
            .iter()
            .map(|(r, ms)| {
                let ms: Vec<String> = ms.iter().map(|m| format!("\"{m}\"")).collect();
                format!("[\"{r}\", [{}]]", ms.join(", "))
            })
            .collect();
        assert!(
            js.contains(&format!("var MUTATE = [{}];", mutate.join(", "))),
            "MUTATE differs from welsh.js"
        );
        assert!(js.contains(&format!("var SHORTEST = {SHORTEST};")));
    }
}
