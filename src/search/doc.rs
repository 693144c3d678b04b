//! One page's part of the search index: its distinct terms (ids of the site's vocabulary) with
//! the best field each appears in, and its listing (title, URL, excerpt).

use super::memo;
use super::pieces;
use super::vocab::Vocab;

/// Where a term stands on a page; queries rank title > headings > body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Body = 1,
    Heading = 2,
    Title = 3,
}

impl Field {
    /// The field numbered `n` (the lowest for any other number).
    pub(super) fn of(n: u32) -> Field {
        match n {
            3 => Field::Title,
            2 => Field::Heading,
            _ => Field::Body,
        }
    }
}

/// What one page contributes: its listing and every term it holds, with the best field.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub title: String,
    pub url: String,
    pub excerpt: String,
    /// The page's distinct terms, each as its `vocab` id shifted left two bits and its best field
    /// (`id << 2 | field`), ascending.
    pub(super) terms: Vec<u32>,
}

impl SearchDoc {
    /// `body` is the page's text (image alt text included); `headings` its heading titles.
    pub fn new(vocab: &Vocab, title: &str, url: &str, description: &str, headings: &[String], body: &str) -> SearchDoc {
        let terms = vocab.with_scratch(|scratch| page_terms(scratch, vocab, title, headings, description, body));
        SearchDoc { title: title.to_string(), url: url.to_string(), excerpt: description.to_string(), terms }
    }

    /// The page's terms with their best field, sorted by term.
    pub fn terms(&self, vocab: &Vocab) -> impl Iterator<Item = (String, Field)> {
        let table = vocab.read();
        let mut terms: Vec<(String, Field)> = self.terms.iter().map(|&t| (table.name(t >> 2).to_string(), Field::of(t & 3))).collect();
        drop(table);
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        terms.into_iter()
    }
}

/// A page's distinct terms with the best field of each (`id << 2 | field`), ascending.
fn page_terms(scratch: &mut memo::Scratch, vocab: &Vocab, title: &str, headings: &[String], description: &str, body: &str) -> Vec<u32> {
    let memo::Scratch { memo, page } = scratch;
    let mut add = |text: &str, field: Field| {
        for p in pieces::pieces(text) {
            memo.piece(p, |t| vocab.intern(t), |id| page.note(id, field));
        }
    };
    add(title, Field::Title);
    headings.iter().for_each(|h| add(h, Field::Heading));
    add(description, Field::Body);
    add(body, Field::Body);
    page.take()
}
