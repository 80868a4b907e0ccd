//! Search over every entity of a dataset: the query language (`query`), field filters and facets
//! (`filter`, `facets`), and ranking with SkimMatcherV2 over folded search keys built once.
//! Pure: no terminal, no I/O.

pub mod facets;
pub mod filter;
pub mod fold;
pub mod query;
mod rank;
mod results;
mod suggest;
mod text_match;

pub use facets::{Facet, FacetRow, facets};
pub use query::{Field, Query, QueryError, parse};
pub use rank::{Cancelled, SearchIndex, ShownName};
pub use results::{Hit, KindCounts, Ranking, SortOrder};
