//! Books: a section laid out as a handbook, with its tree of chapters beside every page of it
//! and the pages read in order. A section is a book when its `_index.md` says `type: book` or
//! `type: docs`, or a `layout` starting with `book`, or when `params.bookSections` names it
//! (`"*"`: every top-level section), as hugo-book and Docsy sites are written.

use std::collections::HashMap;

use crate::config::Config;
use crate::format::{as_bool, get_ci, string_list};
use crate::hash::hash_of;

use super::{Site, default_order};

/// One entry of a book's tree: a page, or a section with the entries below it.
#[derive(Debug, Clone)]
pub struct Node {
    pub page: usize,
    /// Entries below a section, in the section's order; empty for a page.
    pub children: Vec<Node>,
    /// `bookCollapseSection`: shown closed unless the reader is inside it.
    pub collapsed: bool,
}

#[derive(Debug, Clone)]
pub struct Book {
    /// The book's own section page.
    pub root: usize,
    pub tree: Vec<Node>,
    /// Every page of the book in reading order, the root first.
    pub order: Vec<usize>,
    /// What the tree shows of its pages, for the build cache: a change to any title, weight
    /// or URL in the book shows on each of its pages.
    pub fingerprint: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Books {
    pub books: Vec<Book>,
    /// Page → (book, place in its reading order), for the pages of books; `bookHidden` pages
    /// have the book's layout but no place in its order.
    place: HashMap<usize, (usize, Option<usize>)>,
}

/// Where a page stands in its book.
pub struct Place<'a> {
    pub book: &'a Book,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

impl Books {
    pub fn place(&self, page: usize) -> Option<Place<'_>> {
        let &(b, at) = self.place.get(&page)?;
        let book = &self.books[b];
        Some(Place {
            book,
            prev: at.and_then(|at| at.checked_sub(1)).map(|i| book.order[i]),
            next: at.and_then(|at| book.order.get(at + 1).copied()),
        })
    }

    pub fn fingerprint_of(&self, page: usize) -> Option<u64> {
        self.place
            .get(&page)
            .map(|&(b, _)| self.books[b].fingerprint)
    }
}

/// Finds the site's books; a book inside a book is a chapter of the outer one.
pub fn find(site: &Site, config: &Config) -> Books {
    let listed = string_list(
        config
            .params()
            .as_object()
            .and_then(|p| get_ci(p, "bookSections")),
    );
    let mut books = Books::default();
    for s in 1..site.sections.len() {
        if !is_book_root(site, s, &listed) || has_book_above(site, s, &listed) {
            continue;
        }
        let mut hidden_pages = Vec::new();
        let tree = children(site, s, &mut hidden_pages);
        let mut order = vec![site.sections[s].page];
        flatten(&tree, &mut order);
        let shown: Vec<_> = order
            .iter()
            .map(|&i| {
                let p = &site.pages[i];
                let m = &p.page.meta;
                (
                    &p.path,
                    &m.title,
                    &m.link_title,
                    m.weight,
                    p.page.params.get("icon"),
                )
            })
            .collect();
        let fingerprint = hash_of(&(format!("{shown:?}"), collapsed_sections(&tree)));
        let b = books.books.len();
        for (at, &page) in order.iter().enumerate() {
            books.place.insert(page, (b, Some(at)));
        }
        for page in hidden_pages {
            books.place.insert(page, (b, None));
        }
        books.books.push(Book {
            root: site.sections[s].page,
            tree,
            order,
            fingerprint,
        });
    }
    books
}

fn is_book_root(site: &Site, s: usize, listed: &[String]) -> bool {
    let page = &site.pages[site.sections[s].page].page;
    let meta = &page.meta;
    let typed = meta
        .page_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("book") || t.eq_ignore_ascii_case("docs"));
    let laid_out = meta
        .layout
        .as_deref()
        .is_some_and(|l| l.to_ascii_lowercase().starts_with("book"));
    let top = site.sections[s].parent == Some(0) || site.sections[s].parent.is_none();
    let named = top
        && listed
            .iter()
            .any(|name| name == "*" || name.trim_matches('/') == page.top_section());
    typed || laid_out || named
}

fn has_book_above(site: &Site, s: usize, listed: &[String]) -> bool {
    let mut up = site.sections[s].parent;
    while let Some(p) = up {
        if p != 0 && is_book_root(site, p, listed) {
            return true;
        }
        up = site.sections[p].parent;
    }
    false
}

fn hidden(site: &Site, page: usize) -> bool {
    as_bool(get_ci(&site.pages[page].page.params, "bookHidden")).unwrap_or(false)
}

/// A section's pages and subsections together, in Hugo's default order (weight, then date,
/// then title), as hugo-book lists them; `bookHidden` pages (and what is below them) are left
/// out of the tree and the reading order, into `hidden`.
fn children(site: &Site, s: usize, hidden_pages: &mut Vec<usize>) -> Vec<Node> {
    let section = &site.sections[s];
    let mut entries: Vec<(usize, Option<usize>)> = section
        .pages
        .iter()
        .map(|&p| (p, None))
        .chain(
            section
                .subsections
                .iter()
                .map(|&sub| (site.sections[sub].page, Some(sub))),
        )
        .collect();
    entries.sort_by(|a, b| default_order(&site.pages[a.0], &site.pages[b.0]));
    let mut nodes = Vec::with_capacity(entries.len());
    for (page, sub) in entries {
        let below = sub
            .map(|sub| children(site, sub, hidden_pages))
            .unwrap_or_default();
        if hidden(site, page) {
            hidden_pages.push(page);
            let mut under = Vec::new();
            flatten(&below, &mut under);
            hidden_pages.extend(under);
            continue;
        }
        nodes.push(Node {
            page,
            children: below,
            collapsed: sub.is_some()
                && as_bool(get_ci(&site.pages[page].page.params, "bookCollapseSection"))
                    .unwrap_or(false),
        });
    }
    nodes
}

fn flatten(nodes: &[Node], order: &mut Vec<usize>) {
    for node in nodes {
        order.push(node.page);
        flatten(&node.children, order);
    }
}

fn collapsed_sections(nodes: &[Node]) -> Vec<usize> {
    let mut out = Vec::new();
    for node in nodes {
        if node.collapsed {
            out.push(node.page);
        }
        out.extend(collapsed_sections(&node.children));
    }
    out
}

/// Whether `page` is `node` or below it: a collapsed section opens on the way to the reader.
pub fn contains(node: &Node, page: usize) -> bool {
    node.page == page || node.children.iter().any(|c| contains(c, page))
}

/// The entry of `page` in a tree.
pub fn find_node(nodes: &[Node], page: usize) -> Option<&Node> {
    nodes.iter().find_map(|n| {
        if n.page == page {
            Some(n)
        } else {
            find_node(&n.children, page)
        }
    })
}
