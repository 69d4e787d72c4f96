//! The `.zip` archives of the brat format: written with every entry deflated and dated
//! 1980-01-01, so the same files give the same bytes; read defensively, since an uploaded
//! archive may be damaged or made to harm.
//!
//! `rawzip` reads and writes the archive's structure (headers, central directory, the UTF-8
//! flag of names that need it); deflate and inflate are `miniz_oxide`'s one-shot calls, and the
//! CRC-32 is computed here with a small table ([`crc32`]). An entry is held whole in memory
//! either way, and the one-shot inflate stops at a given size, which is the bound a zip bomb
//! needs. (Through flate2's streams the same took 2.4 KB more of the gzipped bundle.)
//!
//! Reading takes stored and deflated entries and refuses, with a message naming the entry:
//! encrypted entries, other compression methods, data that unpacks to more or less than it
//! declares or whose checksum does not match, an archive cut short, a name given twice, and
//! more entries or unpacked bytes than the [`ZipLimits`]. Directories are passed over.

use super::FormatError;
use crate::core::import::limits;
use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
use rawzip::time::UtcDateTime;
use rawzip::{
    CompressionMethod, DataDescriptorOutput, ErrorKind, ZipArchive, ZipArchiveWriter, ZipFileHeaderRecord,
    ZipSliceArchive,
};
use std::collections::BTreeSet;
use std::io::Write;

/// 1980-01-01 00:00:00 UTC in Unix seconds, the earliest date a zip entry can carry: one
/// fixed date for every entry keeps the output the same from run to run.
const ZIP_EPOCH: i64 = 315_532_800;

/// miniz's default deflate level, the one zip tools use by default.
const DEFLATE_LEVEL: u8 = 6;

/// A regular file readable by all and writable by its owner, as `unzip` should create it.
const FILE_MODE: u32 = 0o100_644;

/// Packs `files` (name, contents), in their order, into one archive.
pub fn write_zip<N: AsRef<str>, C: AsRef<[u8]>>(files: &[(N, C)]) -> Result<Vec<u8>, FormatError> {
    let mut archive = ZipArchiveWriter::new(Vec::new());
    for (name, contents) in files {
        let name = name.as_ref();
        add_deflated(&mut archive, name, contents.as_ref()).map_err(|e| FormatError::Zip(format!("{name}: {e}")))?;
    }
    archive.finish().map_err(|e| FormatError::Zip(e.to_string()))
}

/// Adds one deflated entry: compressed here, so rawzip is handed the finished bytes with
/// their checksum and size.
fn add_deflated(archive: &mut ZipArchiveWriter<Vec<u8>>, name: &str, contents: &[u8]) -> Result<(), rawzip::Error> {
    let (mut entry, _) = archive
        .new_file(name)
        .compression_method(CompressionMethod::DEFLATE)
        .last_modified(UtcDateTime::from_unix(ZIP_EPOCH))
        .unix_permissions(FILE_MODE)
        .start()?;
    entry.write_all(&miniz_oxide::deflate::compress_to_vec(contents, DEFLATE_LEVEL))?;
    entry.finish(DataDescriptorOutput::new(crc32(contents), contents.len() as u64))?;
    Ok(())
}

/// The most a read takes: entries of any kind, and bytes unpacked from the entries read.
#[derive(Clone, Copy, Debug)]
pub struct ZipLimits {
    pub entries: usize,
    pub bytes: u64,
}

/// A file read from an archive.
#[derive(Debug, PartialEq, Eq)]
pub struct ZipFile {
    /// The name as the archive gives it, directories and all (`corpus/a.txt`).
    pub name: String,
    pub contents: Vec<u8>,
}

/// Reads the files of an archive whose names `wanted` accepts, in the archive's order; others
/// (and macOS's `__MACOSX/` copies) are passed over unread, though they count as entries.
pub fn read_zip(bytes: &[u8], most: ZipLimits, wanted: impl Fn(&str) -> bool) -> Result<Vec<ZipFile>, FormatError> {
    let archive = ZipArchive::from_slice(bytes).map_err(|e| FormatError::Zip(describe(&e)))?;
    // The count the archive declares is checked first, and the entries as they come too, since
    // the declared count can be wrong.
    if archive.entries_hint() > most.entries as u64 {
        return Err(too_many_entries(&format!("{} files", limits::count(saturate(archive.entries_hint()))), most));
    }
    let mut entries = archive.entries();
    let (mut seen, mut unpacked) = (0usize, 0u64);
    let mut names = BTreeSet::new();
    let mut files = Vec::new();
    while let Some(record) = entries.next_entry().map_err(|e| FormatError::Zip(describe(&e)))? {
        seen += 1;
        if seen > most.entries {
            return Err(too_many_entries("more files", most));
        }
        let name = entry_name(&record);
        if record.is_dir() || name.starts_with("__MACOSX/") || !wanted(&name) {
            continue;
        }
        if !names.insert(name.clone()) {
            return Err(FormatError::Zip(format!("{name}: appears twice")));
        }
        let contents = unpack(&archive, &record, &name, most.bytes.saturating_sub(unpacked), most)?;
        unpacked += contents.len() as u64;
        files.push(ZipFile { name, contents });
    }
    Ok(files)
}

/// The contents of one entry, at most `budget` bytes of them, checked against the size and
/// checksum the archive declares.
fn unpack(
    archive: &ZipSliceArchive<&[u8]>,
    record: &ZipFileHeaderRecord<'_>,
    name: &str,
    budget: u64,
    most: ZipLimits,
) -> Result<Vec<u8>, FormatError> {
    let refuse = |why: String| FormatError::Zip(format!("{name}: {why}"));
    let flags = record.flags();
    if flags.is_encrypted() || flags.has_strong_encryption() {
        return Err(refuse("is encrypted; only unencrypted archives can be imported".into()));
    }
    let declared = record.uncompressed_size_hint();
    if declared > budget {
        return Err(too_big(most));
    }
    // At most the budget, which is far below `usize::MAX` even on wasm32.
    let declared = usize::try_from(declared).map_err(|_| too_big(most))?;
    let entry = archive.get_entry(record.wayfinder()).map_err(|e| refuse(describe(&e)))?;
    let method = record.compression_method();
    let contents = if method == CompressionMethod::STORE {
        // One byte past the declared size is enough to tell that it lies.
        let data = entry.data();
        data.get(..declared.saturating_add(1)).unwrap_or(data).to_vec()
    } else if method == CompressionMethod::DEFLATE {
        inflate(entry.data(), declared).map_err(refuse)?
    } else {
        return Err(refuse(format!(
            "is compressed with method {method}; only stored and deflated entries can be read"
        )));
    };
    if contents.len() > declared {
        return Err(refuse(format!("unpacks to more than the {} bytes it declares", limits::count(declared))));
    }
    if contents.len() < declared {
        return Err(refuse(format!(
            "unpacks to {} bytes, fewer than the {} it declares",
            limits::count(contents.len()),
            limits::count(declared)
        )));
    }
    if crc32(&contents) != record.crc32() {
        return Err(refuse("its checksum does not match its contents: the archive is damaged".into()));
    }
    Ok(contents)
}

/// Inflates deflated `data` that should unpack to `expected` bytes, stopping one byte past
/// that: data lying about its size can cost no more memory than it declares.
fn inflate(data: &[u8], expected: usize) -> Result<Vec<u8>, String> {
    match decompress_to_vec_with_limit(data, expected.saturating_add(1)) {
        Ok(contents) => Ok(contents),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Ok(e.output),
        Err(_) => Err("its compressed data is damaged".into()),
    }
}

/// An entry's name. Names should be UTF-8 (flagged so or not: many tools leave the flag out);
/// bytes of a legacy code page are shown as `�` rather than guessed at.
fn entry_name(record: &ZipFileHeaderRecord<'_>) -> String {
    String::from_utf8_lossy(record.file_path().as_ref()).into_owned()
}

/// A rawzip error as a reader of the message would put it.
fn describe(e: &rawzip::Error) -> String {
    match e.kind() {
        ErrorKind::MissingEndOfCentralDirectory => {
            "not a zip archive, or one cut short (no end of central directory)".into()
        }
        ErrorKind::Eof => "cut short: the archive ends before the data it declares".into(),
        _ => format!("damaged ({e})"),
    }
}

fn too_many_entries(holds: &str, most: ZipLimits) -> FormatError {
    FormatError::Zip(format!("holds {holds}, more than the {} an import may have", limits::count(most.entries)))
}

fn too_big(most: ZipLimits) -> FormatError {
    FormatError::Zip(format!("unpacks to more than {}, the most an import may take", limits::size(most.bytes)))
}

/// A count for a message, as a `usize` (a zip64 archive can declare more than wasm32's holds).
fn saturate(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// CRC-32 (the zip polynomial), a byte at a time. rawzip's `crc32` is faster but carries a
/// 16 KiB table, 16 KB of the gzipped bundle; this one's table is 1 KiB, and at about 300 MB/s
/// (natively) it takes some 20 ms for a corpus of a thousand articles, 0.7 s for the largest
/// import allowed.
fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &byte| CRC_TABLE[usize::from(crc as u8 ^ byte)] ^ (crc >> 8))
}

/// The CRC of every byte value, built at compile time.
static CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 { 0xedb8_8320 ^ (crc >> 1) } else { crc >> 1 };
            bit += 1;
        }
        table[byte] = crc;
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    const ROOMY: ZipLimits = ZipLimits { entries: 100, bytes: 1 << 20 };

    fn everything(_: &str) -> bool {
        true
    }

    /// What reading `bytes` gives: the names read, or the message.
    fn read_names(bytes: &[u8], limits: ZipLimits) -> Result<Vec<String>, String> {
        read_zip(bytes, limits, everything)
            .map(|files| files.into_iter().map(|f| f.name).collect())
            .map_err(|e| e.to_string())
    }

    fn one_file() -> Vec<u8> {
        write_zip(&[("a.txt", "广州警方通报。")]).expect("zip")
    }

    /// Offsets of every record with `signature` (local headers, central directory headers).
    fn records(bytes: &[u8], signature: [u8; 4]) -> Vec<usize> {
        (0..bytes.len().saturating_sub(4)).filter(|&at| bytes[at..at + 4] == signature).collect()
    }

    const LOCAL: [u8; 4] = [0x50, 0x4b, 0x03, 0x04];
    const CENTRAL: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];

    /// Overwrites a field of every local header (at `local` bytes in) and central directory
    /// header (at `central`), as damage or a forger would.
    fn patch(mut bytes: Vec<u8>, local: Option<usize>, central: usize, value: &[u8]) -> Vec<u8> {
        let fields = records(&bytes, LOCAL)
            .into_iter()
            .filter_map(|at| local.map(|field| at + field))
            .chain(records(&bytes, CENTRAL).into_iter().map(|at| at + central))
            .collect::<Vec<_>>();
        for at in fields {
            bytes[at..at + value.len()].copy_from_slice(value);
        }
        bytes
    }

    /// The first entry's compressed data overwritten with bytes that are no deflate stream.
    fn garble_data(mut bytes: Vec<u8>) -> Vec<u8> {
        let name_len = u16::from_le_bytes([bytes[26], bytes[27]]) as usize;
        let extra_len = u16::from_le_bytes([bytes[28], bytes[29]]) as usize;
        let data = 30 + name_len + extra_len;
        bytes[data..data + 4].copy_from_slice(&[0xff; 4]);
        bytes
    }

    /// An archive of stored (uncompressed) entries and a directory, as other tools write them.
    fn stored_with_directory() -> Vec<u8> {
        let mut archive = ZipArchiveWriter::new(Vec::new());
        archive.new_dir("corpus/").create().expect("directory");
        for (name, contents) in [("corpus/a.txt", "文本"), ("corpus/a.ann", "")] {
            let (mut entry, config) = archive.new_file(name).start().expect("entry");
            let mut writer = config.wrap(&mut entry);
            writer.write_all(contents.as_bytes()).expect("write");
            let (_, descriptor) = writer.finish().expect("descriptor");
            entry.finish(descriptor).expect("finish");
        }
        archive.finish().expect("zip")
    }

    #[test]
    fn the_checksum_is_the_zip_crc32() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926, "the standard check value");
        let samples: [&[u8]; 4] = [b"", b"a", "广州警方通报。".as_bytes(), &[0xff; 1000]];
        for data in samples {
            assert_eq!(crc32(data), rawzip::crc32(data), "{data:?}");
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let files = [("annotation.conf", "[entities]\nORG\n"), ("文章.txt", "广州警方通报。\n"), ("文章.ann", "")];
        let bytes = write_zip(&files).expect("zip");
        assert_eq!(write_zip(&files).expect("zip"), bytes, "the same files give the same bytes");
        let read = read_zip(&bytes, ROOMY, everything).expect("reads");
        let read: Vec<(&str, &[u8])> = read.iter().map(|f| (f.name.as_str(), f.contents.as_slice())).collect();
        let expected: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (*n, c.as_bytes())).collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn stored_entries_are_read_and_directories_passed_over() {
        assert_eq!(read_names(&stored_with_directory(), ROOMY), Ok(vec!["corpus/a.txt".into(), "corpus/a.ann".into()]));
    }

    #[test]
    fn only_wanted_entries_are_unpacked() {
        // An encrypted entry that is not wanted is not even looked at.
        let bytes = write_zip(&[("a.txt", "x"), ("secret.bin", "y")]).expect("zip");
        let encrypted_second = {
            let central = records(&bytes, CENTRAL)[1];
            let mut bytes = bytes.clone();
            bytes[central + 8] |= 1;
            bytes
        };
        let files = read_zip(&encrypted_second, ROOMY, |name| name.ends_with(".txt")).expect("reads");
        assert_eq!(files, vec![ZipFile { name: "a.txt".into(), contents: b"x".to_vec() }]);
    }

    #[test]
    fn damaged_or_hostile_archives_are_refused_with_the_reason() {
        let good = one_file();
        let size = good.len();
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "zip archive: not a zip archive, or one cut short (no end of central directory)"),
            ("not a zip", b"PK but no archive at all".to_vec(), "zip archive: not a zip archive, or one cut short (no end of central directory)"),
            ("cut short", good[..size - 10].to_vec(), "zip archive: cut short: the archive ends before the data it declares"),
            (
                "declaring more data than it has",
                patch(good.clone(), None, 20, &1_000u32.to_le_bytes()),
                "zip archive: a.txt: cut short: the archive ends before the data it declares",
            ),
            (
                "bad checksum",
                patch(good.clone(), Some(14), 16, &0xdead_beef_u32.to_le_bytes()),
                "zip archive: a.txt: its checksum does not match its contents: the archive is damaged",
            ),
            (
                "encrypted",
                patch(good.clone(), Some(6), 8, &[0x09, 0x00]),
                "zip archive: a.txt: is encrypted; only unencrypted archives can be imported",
            ),
            (
                "another compression method",
                patch(good.clone(), Some(8), 10, &12u16.to_le_bytes()),
                "zip archive: a.txt: is compressed with method 12 (BZIP2); only stored and deflated entries can be read",
            ),
            ("damaged compressed data", garble_data(good.clone()), "zip archive: a.txt: its compressed data is damaged"),
            (
                "larger than declared",
                patch(good.clone(), Some(22), 24, &3u32.to_le_bytes()),
                "zip archive: a.txt: unpacks to more than the 3 bytes it declares",
            ),
            (
                "smaller than declared",
                patch(good.clone(), Some(22), 24, &4_000u32.to_le_bytes()),
                "zip archive: a.txt: unpacks to 21 bytes, fewer than the 4,000 it declares",
            ),
            (
                "too large for the limit",
                patch(good.clone(), Some(22), 24, &(2u32 << 20).to_le_bytes()),
                "zip archive: unpacks to more than 1 MiB, the most an import may take",
            ),
            (
                "a name twice",
                write_zip(&[("a.txt", "x"), ("a.txt", "y")]).expect("zip"),
                "zip archive: a.txt: appears twice",
            ),
            (
                "too many entries",
                write_zip(&[("a.txt", "x"), ("b.txt", "y"), ("c.txt", "z")]).expect("zip"),
                "zip archive: holds 3 files, more than the 2 an import may have",
            ),
        ];
        let limits = ZipLimits { entries: 2, bytes: 1 << 20 };
        for (what, bytes, expected) in cases {
            assert_eq!(read_names(&bytes, limits), Err(expected.to_string()), "{what}");
        }
    }

    #[test]
    fn an_entry_count_that_understates_is_caught_while_reading() {
        // The end record says one entry; the central directory holds three.
        let mut bytes = write_zip(&[("a.txt", "x"), ("b.txt", "y"), ("c.txt", "z")]).expect("zip");
        let end = bytes.len() - 22;
        bytes[end + 8..end + 12].copy_from_slice(&[1, 0, 1, 0]);
        let limits = ZipLimits { entries: 2, bytes: 1 << 20 };
        assert_eq!(
            read_names(&bytes, limits),
            Err("zip archive: holds more files, more than the 2 an import may have".into())
        );
    }

    #[test]
    fn no_cut_or_flipped_byte_makes_reading_panic() {
        let good = stored_with_directory();
        let mut deflated =
            write_zip(&[("a.txt", "广州警方通报。"), ("a.ann", "T1\tORG 0 4\t广州警方\n")]).expect("zip");
        for bytes in [good, std::mem::take(&mut deflated)] {
            for cut in 0..bytes.len() {
                let _ = read_zip(&bytes[..cut], ROOMY, everything);
            }
            for at in 0..bytes.len() {
                for flip in [0x01, 0x80, 0xff] {
                    let mut damaged = bytes.clone();
                    damaged[at] ^= flip;
                    let _ = read_zip(&damaged, ROOMY, everything);
                }
            }
        }
    }

    /// What another program makes of an archive, if that program is installed.
    #[cfg(not(target_arch = "wasm32"))]
    fn run(program: &str, args: &[&str]) -> Option<std::process::Output> {
        match std::process::Command::new(program).args(args).output() {
            Ok(out) => Some(out),
            Err(e) => {
                eprintln!("skipped: {program} is not available here ({e})");
                None
            }
        }
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn other_zip_readers_read_what_is_written() {
        let files = [
            ("annotation.conf", "[entities]\nORG\n"),
            ("广州警方.txt", "广州警方通报。\n"),
            ("广州警方.ann", "T1\tORG 0 4\t广州警方\n"),
        ];
        let path = std::env::temp_dir().join(format!("biaozhu-zip-{}.zip", std::process::id()));
        std::fs::write(&path, write_zip(&files).expect("zip")).expect("write the archive");
        let path_str = path.to_str().expect("a UTF-8 temporary path");
        // Python's zipfile: every CRC checks, names are flagged UTF-8 where they need it, and
        // every file holds what was written.
        let check = "import json,sys,zipfile\n\
                     z = zipfile.ZipFile(sys.argv[1])\n\
                     assert z.testzip() is None\n\
                     print(json.dumps([[i.filename, i.flag_bits & 0x800 != 0, z.read(i).decode()] for i in z.infolist()]))";
        if let Some(out) = run("python3", &["-c", check, path_str]) {
            assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
            let got: Vec<(String, bool, String)> = serde_json::from_slice(&out.stdout).expect("python's listing");
            let expected: Vec<(String, bool, String)> =
                files.iter().map(|(n, c)| (n.to_string(), !n.is_ascii(), c.to_string())).collect();
            assert_eq!(got, expected);
        }
        if let Some(out) = run("unzip", &["-t", path_str]) {
            let report = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success() && report.contains("No errors detected"), "unzip -t: {report}");
        }
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn what_other_zip_writers_write_is_read() {
        let path = std::env::temp_dir().join(format!("biaozhu-zip-python-{}.zip", std::process::id()));
        let path_str = path.to_str().expect("a UTF-8 temporary path");
        // Python's zipfile: a directory, a deflated and a stored entry, names in Chinese.
        let write = "import sys,zipfile\n\
                     with zipfile.ZipFile(sys.argv[1], 'w') as z:\n    \
                         z.writestr('语料/', '')\n    \
                         z.writestr('语料/新闻.txt', '广州警方通报。\\n', zipfile.ZIP_DEFLATED)\n    \
                         z.writestr('语料/新闻.ann', 'T1\\tORG 0 4\\t广州警方\\n', zipfile.ZIP_STORED)";
        let Some(out) = run("python3", &["-c", write, path_str]) else { return };
        assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
        let bytes = std::fs::read(&path).expect("python's archive");
        let _ = std::fs::remove_file(&path);
        let files = read_zip(&bytes, ROOMY, everything).expect("reads");
        let files: Vec<(&str, &str)> =
            files.iter().map(|f| (f.name.as_str(), std::str::from_utf8(&f.contents).expect("UTF-8"))).collect();
        assert_eq!(files, vec![("语料/新闻.txt", "广州警方通报。\n"), ("语料/新闻.ann", "T1\tORG 0 4\t广州警方\n")]);
    }
}
