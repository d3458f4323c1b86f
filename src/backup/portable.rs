//! `closebot-sms export FILE` and `closebot-sms import FILE`: the files and
//! locks around `storage::portable`, on SQLite or Postgres. An export is
//! written beside FILE and renamed into place whole (gzip-compressed when
//! FILE ends in `.gz`); an import reads either kind and, on SQLite, holds
//! the database's lock throughout, so no server starts on a database half
//! imported (Postgres has no lock file: its import is one transaction that
//! servers see only once committed).

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

use super::{check_destination, files, lock_for, BackupError};
use crate::storage::portable::{self, Database, Header, PortableError, TableCount};
use crate::storage::Store;

/// Called with (rows done, rows in all).
pub type Progress<'a> = portable::Progress<'a>;

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    pub header: Header,
    /// The file's size in bytes.
    pub size: u64,
}

/// Exports `database` (servers may be running on it) to `dest`.
pub async fn export(
    database: Database<'_>,
    dest: &Path,
    replace: bool,
    now_ms: i64,
    progress: Progress<'_>,
) -> Result<Exported, BackupError> {
    let file = match database {
        Database::Sqlite(path) => Some(path),
        Database::Postgres(_) => None,
    };
    check_destination(
        file,
        dest,
        replace,
        ("export", "closebot-sms-export.jsonl.gz"),
    )?;
    let partial = files::partial_in(files::folder_of(dest))?;
    let mut out = Output::new(partial.as_file(), is_gzip_name(dest));
    let header = portable::export_database(database, &mut out, now_ms, progress).await?;
    out.finish()
        .map_err(BackupError::io("write", partial.path()))?;
    let size = files::put_in_place(partial, dest.to_owned(), replace).await?;
    Ok(Exported { header, size })
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    pub header: Header,
    /// Rows per table, in the database and in the file (they are equal).
    pub counts: Vec<TableCount>,
}

/// Imports the export `file` into `database` (created, on SQLite, and
/// migrated when needed), which must hold no data and no running server.
pub async fn import(
    database: Database<'_>,
    file: &Path,
    progress: Progress<'_>,
) -> Result<Imported, BackupError> {
    let not_importable = |why| BackupError::NotImportable {
        file: file.to_owned(),
        why,
    };
    if !file.is_file() {
        return Err(BackupError::NoFile(file.to_owned()));
    }
    let mut input = open_input(file)?;
    let mut first = String::new();
    input
        .read_line(&mut first)
        .map_err(|_| not_importable(PortableError::NotAnExport))?;
    let header = portable::parse_header(first.trim_end(), portable::known_schema())
        .map_err(not_importable)?;
    let (_lock, store) = match database {
        Database::Sqlite(path) => (
            Some(lock_for(path, "importing")?),
            Store::open_sqlite(path).await?,
        ),
        Database::Postgres(url) => (None, Store::open_postgres(url).await?),
    };
    let migrated = store.migrate().await;
    store.close().await;
    migrated?;
    let counts = portable::import_database(database, &header, input, 2, progress)
        .await
        .map_err(not_importable)?;
    Ok(Imported { header, counts })
}

fn is_gzip_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

/// The file, decompressed when it starts with gzip's magic bytes.
fn open_input(file: &Path) -> Result<Box<dyn BufRead + Send>, BackupError> {
    let mut reader = BufReader::new(File::open(file).map_err(BackupError::io("open", file))?);
    let start = reader.fill_buf().map_err(BackupError::io("read", file))?;
    if start.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::new(MultiGzDecoder::new(reader))))
    } else {
        Ok(Box::new(reader))
    }
}

/// Where the export's lines go: buffered in front of the file, or of a
/// gzip stream into it (fed in large writes: a compressor called for each
/// small piece of JSON ran ten times slower than the export itself).
struct Output<'f>(BufWriter<Sink<'f>>);

enum Sink<'f> {
    Plain(&'f File),
    Gzip(GzEncoder<&'f File>),
}

impl<'f> Output<'f> {
    fn new(file: &'f File, gzip: bool) -> Self {
        let sink = if gzip {
            // The fastest level: already several times smaller, and the
            // export stays bound by reading, not compressing.
            Sink::Gzip(GzEncoder::new(file, flate2::Compression::fast()))
        } else {
            Sink::Plain(file)
        };
        Self(BufWriter::with_capacity(1 << 20, sink))
    }

    /// Writes out what is buffered and ends the gzip stream.
    fn finish(self) -> std::io::Result<()> {
        match self.0.into_inner().map_err(|e| e.into_error())? {
            Sink::Plain(_) => Ok(()),
            Sink::Gzip(gzip) => gzip.finish().map(|_| ()),
        }
    }
}

impl Write for Output<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Gzip(w) => w.flush(),
        }
    }
}
