//! How an entity reads as text: its own fields as labelled rows, long values wrapped to a
//! width. Shared by `lotse show`, the explorer's panes and the layout that sizes them, so all
//! three agree on every line. In the explorer, [`EntityText`] is the one place a pane's fields
//! are wrapped: the app lays out a page with it once per change, and the UI draws it.

use crate::model::{Dataset, EntityRef};
use crate::text;

/// One row of an entity's fields: the label on a field's first row, empty on the rows its
/// wrapped value continues on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRow {
    pub label: String,
    pub value: String,
}

/// The fields of an entity as rows no wider than `width` columns (label column included).
/// Returns the width of the label column beside the rows.
pub fn field_rows(dataset: &Dataset, entity: EntityRef, width: usize) -> (usize, Vec<FieldRow>) {
    rows_of(dataset, entity, |value, label_width| {
        text::wrap(value, width.saturating_sub(label_width + 2).max(8))
    })
}

/// The fields of an entity as `lotse show` prints them: on a terminal of `width` columns,
/// wrapped to it with long words (URLs) kept whole; elsewhere (`None`: a pipe, a file) one
/// row per line of a value, nothing cut, so that `lotse show ID | grep Url` gives the URL.
pub fn printed_field_rows(
    dataset: &Dataset,
    entity: EntityRef,
    width: Option<usize>,
) -> (usize, Vec<FieldRow>) {
    rows_of(dataset, entity, |value, label_width| match width {
        // Two columns of indent and two between label and value.
        Some(width) => {
            text::wrap_keeping_words(value, width.saturating_sub(label_width + 4).max(8))
        }
        None => value.split('\n').map(str::to_owned).collect(),
    })
}

/// The fields as rows, each value cut into lines by `lines` (given the label column's width),
/// the label on a value's first row; and the label column's width.
fn rows_of(
    dataset: &Dataset,
    entity: EntityRef,
    lines: impl Fn(&str, usize) -> Vec<String>,
) -> (usize, Vec<FieldRow>) {
    let fields = dataset.field_texts(entity);
    let label_width = fields
        .iter()
        .map(|(l, _)| text::width(l))
        .max()
        .unwrap_or(0);
    let mut rows = Vec::new();
    for (label, value) in fields {
        for (i, part) in lines(&value, label_width).into_iter().enumerate() {
            rows.push(FieldRow {
                label: if i == 0 { label.clone() } else { String::new() },
                value: part,
            });
        }
    }
    (label_width, rows)
}

/// Columns of margin on each side of an entity's text inside its pane.
pub const MARGIN: usize = 1;

/// An entity's own text wrapped for a pane: the title rows, then (after the line with the kind
/// and id) the labelled field rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityText {
    /// The columns the text may take: the pane's inside less the margins.
    pub width: usize,
    pub title: Vec<String>,
    pub label_width: usize,
    pub rows: Vec<FieldRow>,
}

impl EntityText {
    /// The text of `entity` for a pane whose inside is `pane_width` columns.
    pub fn for_pane(dataset: &Dataset, entity: EntityRef, pane_width: u16) -> Self {
        let width = usize::from(pane_width).saturating_sub(2 * MARGIN);
        let (label_width, rows) = field_rows(dataset, entity, width);
        Self {
            width,
            title: title_rows(dataset, entity, width),
            label_width,
            rows,
        }
    }

    /// How many lines it takes: the title, the kind line, the fields.
    pub fn lines(&self) -> usize {
        self.title.len() + 1 + self.rows.len()
    }
}

/// A title shown as a heading never takes more rows than this; the last row ends in `…`.
const MAX_TITLE_ROWS: usize = 3;

/// An entity's name wrapped to `width` columns, at most three rows.
pub fn title_rows(dataset: &Dataset, entity: EntityRef, width: usize) -> Vec<String> {
    let mut rows = text::wrap(dataset.name(entity), width);
    if rows.len() > MAX_TITLE_ROWS {
        rows.truncate(MAX_TITLE_ROWS);
        let last = &mut rows[MAX_TITLE_ROWS - 1];
        *last = text::truncate(&format!("{last} …"), width);
    }
    rows
}
