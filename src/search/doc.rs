//! One page's part of the search index: its distinct terms (ids of the site's vocabulary) with
//! the best field each appears in, and its listing (title, URL, excerpt).

use super::memo;
use super::tokens;
use super::vocab::Vocab;

/// Where a term stands on a page; queries rank title > headings > body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Body = 1,
    Heading = 2,
    Title = 3,
}

/// What one page contributes: its listing and every term it holds, with the best field.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub title: String,
    pub url: String,
    pub excerpt: String,
    /// The page's distinct terms (`vocab` ids, in no particular order): 4 bytes a term, since
    /// every page of a locale is kept until the index is written.
    pub(super) ids: Vec<u32>,
    /// The best field of each term, in the same order.
    pub(super) fields: Vec<Field>,
}

impl SearchDoc {
    /// `body` is the page's text (image alt text included); `headings` its heading titles.
    pub fn new(vocab: &Vocab, title: &str, url: &str, description: &str, headings: &[String], body: &str) -> SearchDoc {
        let (ids, fields) = vocab.with_scratch(|scratch| page_terms(scratch, vocab, title, headings, description, body));
        SearchDoc { title: title.to_string(), url: url.to_string(), excerpt: description.to_string(), ids, fields }
    }

    /// The page's terms with their best field, sorted by term.
    pub fn terms(&self, vocab: &Vocab) -> impl Iterator<Item = (String, Field)> {
        let table = vocab.read();
        let mut terms: Vec<(String, Field)> = self.ids.iter().map(|&id| table.name(id).to_string()).zip(self.fields.iter().copied()).collect();
        drop(table);
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        terms.into_iter()
    }
}

/// A page's distinct terms (ids), and the best field of each.
fn page_terms(scratch: &mut memo::Scratch, vocab: &Vocab, title: &str, headings: &[String], description: &str, body: &str) -> (Vec<u32>, Vec<Field>) {
    let memo::Scratch { memo, page } = scratch;
    let mut add = |text: &str, field: Field| {
        for p in tokens::pieces(text) {
            memo.piece(p, |t| vocab.intern(t), |id| page.note(id, field));
        }
    };
    add(title, Field::Title);
    headings.iter().for_each(|h| add(h, Field::Heading));
    add(description, Field::Body);
    add(body, Field::Body);
    page.take()
}
