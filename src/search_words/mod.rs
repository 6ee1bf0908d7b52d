//! How a language changes the words a search must find, apart from how an index is
//! stored: pure functions from a word to the words it stands for, each with its twin in
//! the theme's script. Nothing here reads or writes an index.

pub mod welsh;
