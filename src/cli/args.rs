//! The command line's shape: clap's types for every command and flag, the help texts, and
//! the conversions from flag values to the core's types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::export::ExportFormat;
use crate::model::Kind;
use crate::search::SortOrder;

#[derive(Debug, Parser)]
#[command(
    name = "lotse",
    version,
    about = "A keyboard-driven explorer for a knowledge base of events, speakers, topics, \
             organizations and projects",
    long_about = "A keyboard-driven explorer for a knowledge base of events, speakers, topics, \
                  organizations and projects.\n\nWith no file it opens the health-tech dataset \
                  built into it (events in Jena and Essen, Luxembourg's healthtech ecosystem)."
)]
pub struct Cli {
    /// Dataset file to use instead of the built-in one: a lotse file, a frab/pretalx
    /// schedule.json, a frab schedule.xml or an iCalendar (.ics) file; or its http(s)://
    /// address, kept in the cache for offline use
    #[arg(long, global = true, env = "LOTSE_DATASET", value_name = "FILE|URL")]
    pub dataset: Option<PathBuf>,

    /// File or address to open in the explorer (the same as --dataset)
    #[arg(value_name = "FILE|URL")]
    pub file: Option<PathBuf>,

    /// For a dataset from the web: ask the server now, though the kept copy is fresh
    #[arg(long, global = true, conflicts_with = "offline")]
    pub refresh: bool,

    /// For a dataset from the web: never ask the server; use the kept copy, however old
    #[arg(long, global = true)]
    pub offline: bool,

    /// Print the default configuration (a commented config.toml) and exit
    #[arg(long)]
    pub print_default_config: bool,

    /// The explorer's first screen: the search (default) or the agenda
    #[arg(long, value_enum, value_name = "VIEW")]
    pub view: Option<ViewArg>,

    /// What "now" is for the explorer's agenda: 2019-12-27T17:00 or "2019-12-27 17:00" on the
    /// schedule's clock, or with an offset (default: the clock)
    #[arg(long, env = "LOTSE_NOW", value_name = "TIME")]
    pub now: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a dataset: print its counts and warnings, or every error (exit 2)
    Check {
        /// The file or address to check (default: --dataset, else the built-in dataset)
        #[arg(value_name = "FILE|URL")]
        file: Option<PathBuf>,
        /// Print to stderr: `check: N entities, load T ms, search keys T ms` (the search keys
        /// are built only for this)
        #[arg(long)]
        stats: bool,
    },
    /// Search every entity by name, context and field filters, best match first
    #[command(after_help = QUERY_HELP)]
    Search(SearchArgs),
    /// Show one entity with every field and every relation, resolved to names
    Show {
        /// The entity's id (as printed by `lotse search`)
        id: String,
        /// JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Choose with the explorer, drawn on the terminal, and print what was chosen: Enter picks
    /// the selected row (or the rows marked with Tab) and prints its id; Esc picks nothing and
    /// exits 1, as fzf does. `lotse show $(lotse pick spreck)` opens what you chose.
    Pick {
        /// The query to start with (the explorer's query language)
        query: Vec<String>,
        /// The picked entity as JSON (an array when several are marked) instead of its id
        #[arg(long)]
        json: bool,
    },
    /// The events a query matches (all without one) as a programme: day by day, in start
    /// order, then room order, with times, rooms and speakers
    #[command(after_help = QUERY_HELP)]
    Agenda(AgendaArgs),
    /// Per room, what runs now and what comes next
    Now(NowArgs),
    /// What changed between two versions of a schedule: new, cancelled, moved and changed
    /// events, matched by the schedule's own keys; exit 0 when they differ, 1 when not
    Diff {
        /// The older version (a file in any format lotse reads, or an address)
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The newer version
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// {"new","cancelled","moved","changed"} instead of text
        #[arg(long)]
        json: bool,
    },
    /// The bookmarks (the explorer's `b`): list them in time order with their clashes, add
    /// or remove them by id
    Bookmarks {
        #[command(subcommand)]
        command: BookmarksCommand,
    },
    /// Counts per kind, events per year and the topics with most events
    Stats {
        /// JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write the events a query matches (or the bookmarked ones) as iCalendar, CSV or a
    /// lotse file
    #[command(after_help = QUERY_HELP)]
    Export(ExportArgs),
    /// The configuration file: `lotse config path` prints where lotse reads it
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script: `lotse completions bash > /etc/bash_completion.d/lotse`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `lotse man | man -l -`
    Man,
    /// Convert a schedule (frab/pretalx schedule.json, frab schedule.xml, iCalendar) into a
    /// lotse file; says what it made and what it repaired
    Import {
        /// The schedule to convert, a file or an address (its format is read from its content)
        #[arg(value_name = "FILE|URL")]
        file: PathBuf,
        /// Where to write the lotse file (default: standard output)
        #[arg(short, long, value_name = "OUT.json")]
        output: Option<PathBuf>,
    },
}

impl Command {
    /// Whether the command reads `--dataset` before it runs (the others never ask the network
    /// for it, or, as `pick`, ask behind the explorer's loading screen).
    pub fn reads_the_dataset(&self) -> bool {
        !matches!(
            self,
            Command::Config { .. }
                | Command::Completions { .. }
                | Command::Man
                | Command::Import { .. }
                | Command::Diff { .. }
                | Command::Pick { .. }
                | Command::Check { file: Some(_), .. }
        )
    }
}

/// What `lotse search` takes.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What to look for; several words must all match (see the query language below)
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only entities of this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// At most this many results (0: all)
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// Order of the results
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// An array of {"kind","id","name","score","context"} instead of text
    #[arg(long)]
    pub json: bool,
    /// Count the results by kind, topic, organization, city and year instead of listing
    /// them; each value comes with the filter that selects it
    #[arg(long)]
    pub facets: bool,
    /// Print to stderr: `search: N entities, M matches, T ms` (with load and index times)
    #[arg(long)]
    pub stats: bool,
}

/// What `lotse agenda` takes.
#[derive(Debug, clap::Args)]
pub struct AgendaArgs {
    /// What to look for (the explorer's query language; `room:` `day:` `time:` too)
    pub query: Vec<String>,
    /// Only the conference's Nth day (from 1, in the schedule's order)
    #[arg(long, conflicts_with = "date")]
    pub day: Option<usize>,
    /// Only the conference day on this date (YYYY-MM-DD)
    #[arg(long)]
    pub date: Option<String>,
    /// Only this room (any case)
    #[arg(long)]
    pub room: Option<String>,
    /// An array of {"id","name","start","end","room","day"} instead of text
    #[arg(long)]
    pub json: bool,
}

/// What `lotse now` takes.
#[derive(Debug, clap::Args)]
pub struct NowArgs {
    /// The moment to ask about instead of now: 2019-12-27T17:00 or "2019-12-27 17:00" on the
    /// schedule's clock, or with an offset (default: LOTSE_NOW, else the clock)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// An array of {"room","now":[…],"next":…} instead of text
    #[arg(long)]
    pub json: bool,
}

/// What `lotse export` takes.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// ics (RFC 5545, for calendars), csv (for spreadsheets), json (a lotse file of the
    /// selection and everything it refers to) or frab (a schedule.json that EventFahrplan,
    /// Giggity and other schedule apps open)
    #[arg(value_enum)]
    pub format: FormatArg,
    /// Which events (default: all); the same query language as `lotse search`
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// The bookmarked entities instead (narrowed by QUERY, if given)
    #[arg(long)]
    pub bookmarks: bool,
    /// Where to write (default: standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// For ics: an alarm this long before each event (10m, 1h, 1h30m, 90s)
    #[arg(long, value_name = "BEFORE", value_parser = parse_alarm)]
    pub alarm: Option<jiff::SignedDuration>,
}

/// `--alarm`: a duration such as `10m`, `1h`, `1h30m` or `90s`, to the second (iCalendar
/// says seconds; nothing is rounded), at most a week.
fn parse_alarm(text: &str) -> Result<jiff::SignedDuration, String> {
    let duration: jiff::SignedDuration = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 10m, 1h, 1h30m or 90s"))?;
    if duration.subsec_nanos() != 0 {
        return Err(format!("{text:?}: an alarm is set to the second, no finer"));
    }
    let seconds = duration.as_secs();
    if !(1..=7 * 24 * 60 * 60).contains(&seconds) {
        return Err(format!(
            "{text:?}: an alarm goes off a second to a week before"
        ));
    }
    Ok(duration)
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of config.toml (which need not exist; lotse never writes it)
    Path,
    /// Check config.toml: print `ok` or the first mistake with FILE:LINE:COL (exit 2)
    Check,
    /// Write the default configuration to config.toml to edit; never over an existing file
    Init,
}

/// The command line with what is known only at run time: where the config file is.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let config = crate::user_dirs::config_file().map_or_else(
        || "no configuration directory on this system".to_owned(),
        |p| p.display().to_string(),
    );
    let bookmarks = crate::user_dirs::data_dir().map_or_else(
        || "none".to_owned(),
        |p| p.join("bookmarks").display().to_string(),
    );
    let cache = crate::user_dirs::cache_dir().map_or_else(
        || "none".to_owned(),
        |p| p.join("web").display().to_string(),
    );
    Cli::command().after_help(format!(
        "{AFTER_HELP}\n\nConfiguration: {config}\n  (`lotse --print-default-config` shows \
         every setting; LOTSE_CONFIG_DIR moves it)\nBookmarks: {bookmarks}\n  \
         (LOTSE_DATA_DIR moves them)\nSchedules from the web: {cache}\n  \
         (LOTSE_CACHE_DIR moves them)"
    ))
}

const AFTER_HELP: &str = "Without a command, lotse opens the explorer (on a terminal; otherwise \
    it prints the statistics). Press ? in the explorer for its keys.\n\nFILE may be a lotse \
    dataset, a frab/pretalx schedule.json, a frab schedule.xml or an iCalendar file, or the \
    http(s):// address of one: a copy is kept for offline use and asked for again, politely, \
    when older than [web] fresh_for (10 min); --refresh asks now, --offline never.\n\nExit \
    status, as grep has it: 0 when something was found or done, 1 when a search or an export \
    matched nothing, 2 on every error (an invalid or unreadable dataset or config file, an \
    unknown id, a mistake in the query or the command line, output that cannot be written).";

/// The query language, as `lotse search --help` explains it.
const QUERY_HELP: &str = "\
Query language (the explorer reads the same):
  word        fuzzy match in the name or context (smart case; ü matches u and ue)
  'word       exact match            ^word   prefix       word$   suffix
  !word       exclude (also !^word, !word$, !'word)
  a | b       either a or b          a\\ b   a literal space
  field:value filter: kind:speaker topic:datenschutz speaker:schie org:medways city:jena
              country:lu year:2025 year:2024..2025 date:2025-02
              date:2024-12-27..2024-12-28 series:\"IKT meets\";
              in schedules: room:ada (venue:) track:security lang:de day:2 day:1..2
              time:14:00..18:00 (when it starts; time:14 is 14:00-14:59);
              !field:value excludes. A filter matches an entity or what it is related to
              (a speaker matches topic:ki when one of their talks does).

Examples:
  lotse search 'topic:datenschutz year:2025 !workshop'
  lotse search jena --kind event --sort date
  lotse search kind:event --facets";

/// The orders `--sort` accepts.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Relevance,
    Name,
    Date,
}

impl From<SortArg> for SortOrder {
    fn from(sort: SortArg) -> Self {
        match sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Name => SortOrder::Name,
            SortArg::Date => SortOrder::Date,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum BookmarksCommand {
    /// Events in time order, then the rest; each with the bookmarked events it clashes with;
    /// bookmarks whose entity is gone from the dataset as cancelled
    List {
        /// An array of {"kind","id","name","start","end","room","clashes":[ids],"cancelled"}
        #[arg(long)]
        json: bool,
    },
    /// Bookmark entities by id
    Add {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Print the bookmarks as `list --json` does afterwards
        #[arg(long)]
        json: bool,
    },
    /// Remove bookmarks by id (or by the schedule's key)
    Remove {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Print the bookmarks as `list --json` does afterwards
        #[arg(long)]
        json: bool,
    },
}

/// The explorer's first screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    Search,
    Agenda,
}

/// The formats `lotse export` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Ics,
    Csv,
    Json,
    Frab,
}

impl From<FormatArg> for ExportFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Ics => ExportFormat::Ics,
            FormatArg::Csv => ExportFormat::Csv,
            FormatArg::Json => ExportFormat::Json,
            FormatArg::Frab => ExportFormat::Frab,
        }
    }
}

/// The kinds `--kind` accepts.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Event,
    Speaker,
    Topic,
    Organization,
    Project,
    Source,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Event => Kind::Event,
            KindArg::Speaker => Kind::Speaker,
            KindArg::Topic => Kind::Topic,
            KindArg::Organization => Kind::Organization,
            KindArg::Project => Kind::Project,
            KindArg::Source => Kind::Source,
        }
    }
}
