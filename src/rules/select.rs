//! Matching a site rule's selector against a page, with bounded work.
//!
//! `scraper::Selector::matches` builds fresh selector caches for every
//! element, so `:nth-last-child`, `:last-of-type`, `:only-of-type` and the
//! other `:nth-*` forms re-count an element's siblings each time: 100,000
//! siblings cost 5·10⁹ sibling steps (minutes). One query here shares one
//! `SelectorCaches` across all elements, which makes those forms linear, and
//! spends a budget proportional to the page on every step of the tree the
//! matcher takes. What no cache helps (`.absent ~ p`, nested `:has`) runs
//! out of budget, and the query then finds nothing rather than half an answer.

use std::cell::Cell;

use scraper::selector::Simple;
use scraper::{ElementRef, Node};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::matching::{
    self, ElementSelectorFlags, MatchingContext, MatchingForInvalidation, MatchingMode,
    NeedsSelectorFlags, QuirksMode, SelectorCaches,
};
use selectors::{Element, OpaqueElement, SelectorImpl, SelectorList};

/// Tree steps one query may take per element of the page: enough for a
/// descendant combinator to climb 64 ancestors from every element, where
/// real pages nest 20–30 deep.
const STEPS_PER_ELEMENT: usize = 64;

/// Budget floor, so that a tiny page never starves a reasonable selector.
const MIN_QUERY_STEPS: usize = 100_000;

/// What one query found and what it cost.
#[derive(Debug)]
pub(super) struct Query<'a> {
    /// Matching elements in document order; `None` when the budget ran out.
    pub found: Option<Vec<ElementRef<'a>>>,
    /// Tree steps taken (elements visited, parents, siblings and children read).
    #[cfg(test)]
    pub steps: usize,
}

/// Every element of `root`'s subtree (`root` included) matching `list`.
pub(super) fn query<'a>(list: &SelectorList<Simple>, root: ElementRef<'a>) -> Query<'a> {
    let elements = root
        .descendants()
        .filter(|n| n.value().is_element())
        .count();
    let budget = elements
        .saturating_mul(STEPS_PER_ELEMENT)
        .max(MIN_QUERY_STEPS);
    let fuel = Fuel {
        left: Cell::new(budget),
        out: Cell::new(false),
    };
    let mut caches = SelectorCaches::default();
    let mut context = MatchingContext::new(
        MatchingMode::Normal,
        None,
        &mut caches,
        QuirksMode::NoQuirks,
        NeedsSelectorFlags::No,
        MatchingForInvalidation::No,
    );
    let mut found = Some(Vec::new());
    for el in root.descendants().filter_map(ElementRef::wrap) {
        let counted = Counted { el, fuel: &fuel };
        let hit = fuel.burn() && matching::matches_selector_list(list, &counted, &mut context);
        if fuel.out.get() {
            found = None;
            break;
        }
        if let Some(found) = found.as_mut().filter(|_| hit) {
            found.push(el);
        }
    }
    Query {
        found,
        #[cfg(test)]
        steps: budget - fuel.left.get(),
    }
}

/// The steps a query has left. Once out, every step fails.
#[derive(Debug)]
struct Fuel {
    left: Cell<usize>,
    out: Cell<bool>,
}

impl Fuel {
    fn burn(&self) -> bool {
        match self.left.get().checked_sub(1) {
            Some(left) if !self.out.get() => {
                self.left.set(left);
                true
            }
            _ => {
                self.out.set(true);
                false
            }
        }
    }
}

/// An element whose tree walks spend the query's fuel: past the budget it
/// has no parent, siblings or children, and the query is discarded.
#[derive(Debug, Clone)]
pub(super) struct Counted<'a, 'f> {
    el: ElementRef<'a>,
    fuel: &'f Fuel,
}

impl<'a> Counted<'a, '_> {
    /// The first element among `nodes`, one step per node passed.
    fn first_element(
        &self,
        nodes: impl Iterator<Item = ego_tree::NodeRef<'a, Node>>,
    ) -> Option<Self> {
        for node in nodes {
            if !self.fuel.burn() {
                return None;
            }
            if let Some(el) = ElementRef::wrap(node) {
                return Some(Counted {
                    el,
                    fuel: self.fuel,
                });
            }
        }
        None
    }
}

type Name = <Simple as SelectorImpl>::Identifier;

impl Element for Counted<'_, '_> {
    type Impl = Simple;

    fn opaque(&self) -> OpaqueElement {
        self.el.opaque()
    }

    fn parent_element(&self) -> Option<Self> {
        self.first_element(self.el.parent().into_iter())
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        self.first_element(self.el.prev_siblings())
    }

    fn next_sibling_element(&self) -> Option<Self> {
        self.first_element(self.el.next_siblings())
    }

    fn first_element_child(&self) -> Option<Self> {
        self.first_element(self.el.children())
    }

    fn is_html_element_in_html_document(&self) -> bool {
        self.el.is_html_element_in_html_document()
    }

    fn has_local_name(&self, name: &<Simple as SelectorImpl>::BorrowedLocalName) -> bool {
        self.el.has_local_name(name)
    }

    fn has_namespace(&self, ns: &<Simple as SelectorImpl>::BorrowedNamespaceUrl) -> bool {
        self.el.has_namespace(ns)
    }

    fn is_same_type(&self, other: &Self) -> bool {
        self.el.is_same_type(&other.el)
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&<Simple as SelectorImpl>::NamespaceUrl>,
        local_name: &<Simple as SelectorImpl>::LocalName,
        operation: &AttrSelectorOperation<&<Simple as SelectorImpl>::AttrValue>,
    ) -> bool {
        self.el.attr_matches(ns, local_name, operation)
    }

    fn match_non_ts_pseudo_class(
        &self,
        pc: &<Simple as SelectorImpl>::NonTSPseudoClass,
        _: &mut MatchingContext<Simple>,
    ) -> bool {
        // scraper's selectors have no such pseudo-class (an empty enum).
        match *pc {}
    }

    fn match_pseudo_element(
        &self,
        pe: &<Simple as SelectorImpl>::PseudoElement,
        _: &mut MatchingContext<Simple>,
    ) -> bool {
        match *pe {}
    }

    fn apply_selector_flags(&self, _: ElementSelectorFlags) {}

    fn is_link(&self) -> bool {
        self.el.is_link()
    }

    fn is_html_slot_element(&self) -> bool {
        self.el.is_html_slot_element()
    }

    fn has_id(&self, id: &Name, case_sensitivity: CaseSensitivity) -> bool {
        self.el.has_id(id, case_sensitivity)
    }

    fn has_class(&self, name: &Name, case_sensitivity: CaseSensitivity) -> bool {
        self.el.has_class(name, case_sensitivity)
    }

    fn has_custom_state(&self, _: &Name) -> bool {
        false
    }

    fn imported_part(&self, _: &Name) -> Option<Name> {
        None
    }

    fn is_part(&self, _: &Name) -> bool {
        false
    }

    /// No element and no text child (comments do not count); one step per child.
    fn is_empty(&self) -> bool {
        for child in self.el.children() {
            if !self.fuel.burn() || child.value().is_element() || child.value().is_text() {
                return false;
            }
        }
        true
    }

    fn is_root(&self) -> bool {
        self.el.is_root()
    }

    fn add_element_unique_hashes(&self, _: &mut BloomFilter) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::rules::parse_selector;
    use scraper::Html;

    const SIBLINGS: usize = 2_000;

    fn siblings() -> Html {
        Html::parse_document(&format!(
            "<html><body><main>{}</main></body></html>",
            "<p>x</p><!-- c -->".repeat(SIBLINGS)
        ))
    }

    fn list(css: &str) -> SelectorList<Simple> {
        parse_selector(css).unwrap()
    }

    #[test]
    fn nth_from_the_end_costs_linear_steps_over_many_siblings() {
        let html = siblings();
        for (css, hits) in [
            ("p:last-of-type", 1),
            ("p:nth-last-child(2)", 1),
            ("p:nth-last-of-type(3)", 1),
            ("p:nth-last-child(2n)", SIBLINGS / 2),
            ("p:only-of-type", 0),
            ("p:first-of-type", 1),
            ("p:nth-child(1000)", 1),
            ("p:nth-of-type(3n+1)", SIBLINGS.div_ceil(3)),
        ] {
            let q = query(&list(css), html.root_element());
            assert_eq!(q.found.map(|f| f.len()), Some(hits), "{css}");
            // Each sibling (and the comment beside it) is stepped over a
            // bounded number of times; re-counting per element would be
            // SIBLINGS² / 2 = 2,000,000 steps.
            assert!(q.steps < 12 * SIBLINGS, "{css}: {} steps", q.steps);
        }
    }

    #[test]
    fn fresh_caches_per_element_would_be_quadratic() {
        // What `Selector::matches` does: why the rule queries share a cache.
        let html = siblings();
        let selectors = list("p:nth-last-child(2)");
        let fuel = Fuel {
            left: Cell::new(usize::MAX),
            out: Cell::new(false),
        };
        for el in html
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            let mut caches = SelectorCaches::default();
            let mut context = MatchingContext::new(
                MatchingMode::Normal,
                None,
                &mut caches,
                QuirksMode::NoQuirks,
                NeedsSelectorFlags::No,
                MatchingForInvalidation::No,
            );
            let counted = Counted { el, fuel: &fuel };
            matching::matches_selector_list(&selectors, &counted, &mut context);
        }
        // Each p walks to the end of its siblings: SIBLINGS² / 2 p's and
        // comments passed in all.
        assert!(usize::MAX - fuel.left.get() > SIBLINGS * SIBLINGS / 2);
    }

    #[test]
    fn a_query_past_its_budget_finds_nothing() {
        // No cache helps: every p walks back over all its previous siblings.
        let html = siblings();
        let q = query(&list(".absent ~ p"), html.root_element());
        assert!(q.found.is_none());
        let elements = SIBLINGS + 4;
        assert_eq!(q.steps, (elements * STEPS_PER_ELEMENT).max(MIN_QUERY_STEPS));
        // The same selector on a small page is answered.
        let small = Html::parse_document("<p class=absent></p><p></p><div><p></p></div>");
        let q = query(&list(".absent ~ p"), small.root_element());
        assert_eq!(q.found.map(|f| f.len()), Some(1));
    }

    #[test]
    fn a_query_matches_what_scraper_matches() {
        let html = Html::parse_document(
            r#"<html><body><div class="a"><p id="x">one</p><!-- --><p></p></div><span class="a b"></span>
            <section><p class="b"></p></section></body></html>"#,
        );
        for css in [
            "html",
            ".a",
            "div > p",
            "p:empty",
            "body :is(.b, #x)",
            "section:has(> p.b)",
            ":not(p, body, html)",
            "p + p",
            "p:nth-child(odd)",
            "[class~=b]",
        ] {
            let ours: Vec<_> = query(&list(css), html.root_element())
                .found
                .unwrap()
                .iter()
                .map(|e| e.id())
                .collect();
            let selector = scraper::Selector::parse(css).unwrap();
            let theirs: Vec<_> = html.select(&selector).map(|e| e.id()).collect();
            assert_eq!(ours, theirs, "{css}");
        }
    }
}
