//! The command line: clap definitions and the dispatch from a parsed command to its runner.
//! Results go to `out`, diagnostics to `err`, so the runners are testable without a process.

mod args;
mod sources;

pub use args::*;
pub use sources::update_line;

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use crate::bookmark_file::BookmarkFile;
use crate::commands::{self, Input, Outcome, Style, with_dataset};
use crate::model::Kind;

/// Where the command line runs: whether a user sits at a terminal, and whether colour is wanted.
#[derive(Debug, Clone, Copy)]
pub struct Environment {
    pub interactive: bool,
    pub style: Style,
}

/// The subcommand a missing file's name was meant to be (`stat` → `stats`): a bare word that
/// is no file and within two edits of a subcommand's name, or the start of one.
fn mistyped_command(file: &Path) -> Option<String> {
    let word = file.to_str()?;
    let bare = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    if !bare || file.exists() {
        return None;
    }
    let command = command();
    let names: Vec<&str> = command
        .get_subcommands()
        .map(clap::Command::get_name)
        .collect();
    names
        .iter()
        .map(|&name| (edit_distance(word, name), name))
        .filter(|&(distance, name)| distance <= 2 || (word.len() >= 3 && name.starts_with(word)))
        .min()
        .map(|(_, name)| name.to_owned())
}

/// The Levenshtein distance between two short words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &y) in b.iter().enumerate() {
            let replaced = previous[j] + usize::from(x != y);
            current.push(replaced.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Runs a parsed command line.
pub fn run(
    cli: Cli,
    environment: Environment,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let style = environment.style;
    if cli.print_default_config {
        out.write_all(crate::config::DEFAULT_TOML.as_bytes())?;
        return Ok(Outcome::Success);
    }
    if let Some(file) = cli.file.as_deref()
        && let Some(command) = mistyped_command(file)
    {
        writeln!(
            err,
            "lotse: no such file or command {:?}; did you mean {command:?}?",
            file.to_string_lossy()
        )?;
        return Ok(Outcome::Failure);
    }
    // The explorer (and `pick`) watches the signals itself, restoring the terminal first.
    let explorer = match &cli.command {
        None => environment.interactive,
        Some(command) => matches!(command, Command::Pick { .. }),
    };
    if !explorer {
        crate::files::remove_unfinished_on_signals()?;
    }
    let fetching = sources::Fetching::new(cli.refresh, cli.offline);
    let argument = cli.file.as_deref().or(cli.dataset.as_deref());
    let Some(command) = cli.command else {
        let start = commands::explore::Start {
            agenda: cli.view == Some(ViewArg::Agenda),
            now: cli.now,
            asking: fetching.asking,
        };
        if environment.interactive {
            // An address is fetched behind the explorer's loading screen.
            return commands::explore::run(argument, style, start, err);
        }
        let Some(input) = fetching.dataset(argument, err)? else {
            return Ok(Outcome::Failure);
        };
        return run_without_command(input, style, out, err);
    };
    // Only the commands that read the dataset ask the network for it.
    let input = if command.reads_the_dataset() {
        match fetching.dataset(argument, err)? {
            Some(input) => input,
            None => return Ok(Outcome::Failure),
        }
    } else {
        Input::file(None)
    };
    run_command(command, input, argument, &fetching, style, out, err)
}

/// Runs a command on `input`, the dataset `argument` named (`None`: the built-in one);
/// `fetching` opens the addresses a command takes of its own.
fn run_command(
    command: Command,
    input: Input,
    argument: Option<&Path>,
    fetching: &sources::Fetching,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    match command {
        Command::Check { file, stats } => {
            let input = match file {
                Some(file) => match fetching.local(&file, err)? {
                    Some(input) => input,
                    None => return Ok(Outcome::Failure),
                },
                None => input,
            };
            let started = Instant::now();
            let loaded = input.load();
            let load_time = stats.then(|| started.elapsed());
            commands::check::run(loaded, load_time, out, err)
        }
        Command::Search(args) => run_search(args, input, style, out, err),
        Command::Show { id, json } => with_dataset(input, err, |dataset, _, err| {
            commands::show::run(dataset, &id, json, style, out, err)
        }),
        Command::Pick { query, json } => {
            commands::explore::pick(argument, query.join(" "), json, style, out, err)
        }
        Command::Agenda(args) => run_agenda(args, input, style, out, err),
        Command::Diff { old, new, json } => {
            let (Some(old), Some(new)) = (fetching.local(&old, err)?, fetching.local(&new, err)?)
            else {
                return Ok(Outcome::Failure);
            };
            commands::diff::run(old, new, json, style, out, err)
        }
        Command::Now(NowArgs { at, json }) => with_dataset(input, err, |dataset, _, err| {
            let at = commands::agenda::now_text(at.as_deref());
            commands::agenda::now(dataset, &at, json, style, out, err)
        }),
        Command::Bookmarks { command } => run_bookmarks(command, input, style, out, err),
        Command::Stats { json } => with_dataset(input, err, |dataset, _, _| {
            commands::stats::run(dataset, json, style, out).map(|()| Outcome::Success)
        }),
        Command::Export(args) => run_export(args, input, out, err),
        Command::Config { command } => commands::config::run(command.into(), out, err),
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut self::command(), "lotse", &mut script);
            out.write_all(&script)?;
            Ok(Outcome::Success)
        }
        Command::Man => {
            clap_mangen::Man::new(self::command()).render(out)?;
            Ok(Outcome::Success)
        }
        Command::Import { file, output } => match fetching.local(&file, err)? {
            Some(input) => commands::import::run(input, output.as_deref(), out, err),
            None => Ok(Outcome::Failure),
        },
    }
}

/// `lotse` alone off a terminal: the statistics and a hint.
fn run_without_command(
    input: Input,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    with_dataset(input, err, |dataset, _, err| {
        commands::stats::run(dataset, false, style, out)?;
        writeln!(
            err,
            "\nlotse: not a terminal, so no explorer; try `lotse search QUERY`, `lotse show ID` \
             or `lotse --help`"
        )?;
        Ok(Outcome::Success)
    })
}

/// `lotse agenda`.
fn run_agenda(
    args: AgendaArgs,
    input: Input,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    with_dataset(input, err, |dataset, _, err| {
        let query = args.query.join(" ");
        let request = commands::agenda::AgendaRequest {
            query: &query,
            day: args.day,
            date: args.date.as_deref(),
            room: args.room.as_deref(),
            json: args.json,
        };
        commands::agenda::agenda(dataset, &request, style, out, err)
    })
}

/// `lotse search`.
fn run_search(
    args: SearchArgs,
    input: Input,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let SearchArgs {
        query,
        kind,
        limit,
        sort,
        json,
        facets,
        stats,
    } = args;
    let started = Instant::now();
    with_dataset(input, err, |dataset, _, err| {
        let query = query.join(" ");
        let request = commands::search::Request {
            query: &query,
            kind: kind.map(Kind::from),
            limit,
            sort: sort.into(),
            json,
            facets,
            stats: stats.then(|| started.elapsed()),
        };
        commands::search::run(dataset, &request, style, out, err)
    })
}

/// `lotse bookmarks`.
fn run_bookmarks(
    command: BookmarksCommand,
    input: Input,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let (action, json) = match command {
        BookmarksCommand::List { json } => (commands::bookmarks::Action::List, json),
        BookmarksCommand::Add { ids, json } => (commands::bookmarks::Action::Add(ids), json),
        BookmarksCommand::Remove { ids, json } => (commands::bookmarks::Action::Remove(ids), json),
    };
    with_dataset(input, err, |dataset, origin, err| {
        let Some(file) = BookmarkFile::for_loaded(origin, dataset) else {
            writeln!(err, "lotse: no data directory for bookmarks on this system")?;
            return Ok(Outcome::Failure);
        };
        commands::bookmarks::run(dataset, &file, action, json, style, out, err)
    })
}

/// `lotse export`.
fn run_export(
    args: ExportArgs,
    input: Input,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let ExportArgs {
        format,
        query,
        bookmarks,
        output,
        alarm,
    } = args;
    if bookmarks && crate::user_dirs::data_dir().is_none() {
        writeln!(err, "lotse: no data directory for bookmarks on this system")?;
        return Ok(Outcome::Failure);
    }
    let input_file = input.path().map(Path::to_path_buf);
    with_dataset(input, err, |dataset, origin, err| {
        let query = query.join(" ");
        // The file named after the conference, now that the dataset says which it is.
        let bookmark_file = bookmarks
            .then(|| BookmarkFile::for_loaded(origin, dataset))
            .flatten();
        let request = commands::export::Request {
            format: format.into(),
            query: &query,
            bookmarks: bookmark_file.as_ref(),
            output: output.as_deref(),
            input: input_file.as_deref(),
            options: crate::export::Options {
                stamp: crate::export::stamp(),
                alarm,
            },
        };
        commands::export::run(dataset, &request, out, err)
    })
}

impl From<ConfigCommand> for commands::config::ConfigAction {
    fn from(command: ConfigCommand) -> Self {
        match command {
            ConfigCommand::Path => Self::Path,
            ConfigCommand::Check => Self::Check,
            ConfigCommand::Init => Self::Init,
        }
    }
}
