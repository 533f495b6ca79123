//! Alignment as parallel tasks: the anchors of each document pair in
//! parts, the parts of each first document in tasks of bounded size, and
//! [`align_all`], which aligns every task on the thread pool.

use super::{align, index, words};
use crate::corpus::Corpus;
use crate::progress::{Progress, Stage};

/// Within one document alignment takes anchors by offset (shorter first,
/// see [`align::align_pair`]); sorted here in place, so that it need not
/// copy them and a large document pair can be split into parts.
pub(super) fn sort_within_documents(anchors: &mut [index::Anchor]) {
    for g in anchors.chunk_by_mut(|x, y| (x.da, x.db) == (y.da, y.db)) {
        if g[0].da == g[0].db {
            g.sort_unstable_by_key(|x| (x.b - x.a, x.a));
        }
    }
}

/// Some anchors of one document pair, aligned by one task: `range` of
/// `anchors`, the pair's whole list (see [`align::align_pair_part`]).
#[derive(Debug, Clone)]
struct Part<'a> {
    anchors: &'a [index::Anchor],
    range: std::ops::Range<usize>,
    /// The long stretches aligned by the document pair's parts (one
    /// document cut into several parts only).
    shared: Option<&'a align::SharedCovers>,
}

impl Part<'_> {
    /// Anchors the part aligns.
    fn len(&self) -> usize {
        self.range.len()
    }
}

/// The parts of a document pair's `anchors`: all of them, or, within one
/// document, [`TASK_ANCHORS`] at a time. A file of thousands of similar
/// entries (a changelog of 3.4 M words with 433 k anchors on itself) was
/// one task of 14 s on one core while the other had finished. `shared`:
/// the stretches the parts share, when there are several.
fn parts<'a>(
    anchors: &'a [index::Anchor],
    shared: Option<&'a align::SharedCovers>,
) -> Vec<Part<'a>> {
    let n = anchors.len();
    let step = if in_parts(anchors) {
        TASK_ANCHORS
    } else {
        n.max(1)
    };
    (0..n)
        .step_by(step)
        .map(|lo| Part {
            anchors,
            range: lo..(lo + step).min(n),
            shared,
        })
        .collect()
}

/// True when a document pair's `anchors` are aligned in several parts (a
/// document with itself, more than [`TASK_ANCHORS`] anchors).
fn in_parts(anchors: &[index::Anchor]) -> bool {
    anchors[0].da == anchors[0].db && anchors.len() > TASK_ANCHORS
}

/// Aligns `anchors` (sorted), one parallel task per document pair; `None`
/// when cancelled. Progress counts document pairs, continuing from `done`.
pub(super) fn align_all(
    corpus: &Corpus,
    profiles: &index::Profiles,
    anchors: &[index::Anchor],
    cfg: &align::AlignCfg,
    progress: &Progress,
    done: u64,
) -> Option<Vec<align::PairMatch>> {
    use rayon::prelude::*;
    let groups: Vec<&[index::Anchor]> = anchors
        .chunk_by(|x, y| (x.da, x.db) == (y.da, y.db))
        .collect();
    progress.stage(Stage::Aligning, done + groups.len() as u64);
    progress.advance(done);
    // One task per first document (split by `task_chunks`): its words are
    // tokenised once for all the task's pairs when that costs less than a
    // window per pair.
    // One set of shared stretches per document paired with itself in
    // several parts.
    let shared: Vec<align::SharedCovers> = groups
        .iter()
        .filter(|g| in_parts(g))
        .map(|_| align::SharedCovers::new())
        .collect();
    let mut spare = shared.iter();
    let parts: Vec<Part> = groups
        .iter()
        .flat_map(|g| parts(g, if in_parts(g) { spare.next() } else { None }))
        .collect();
    let by_first: Vec<&[Part]> = parts
        .chunk_by(|x, y| x.anchors[0].da == y.anchors[0].da)
        .flat_map(task_chunks)
        .collect();
    // Each task aligned: its index and pairs.
    let run = |i: u32| -> (u32, Vec<align::PairMatch>) {
        let pairs_of = by_first[i as usize];
        let da = pairs_of[0].anchors[0].da as usize;
        let pa = profiles.get(da);
        let text_a = &corpus.documents[da].text;
        let mut whole = (pa.words <= WHOLE_MAX_WORDS && pairs_of.len() * PAIR_WORDS >= pa.words)
            .then(|| {
                words::Region::new(text_a, pa.checkpoints, pa.words, 0, pa.words)
                    .with_sketch(pa.sketch)
            });
        // Otherwise one window on the first document serves all its
        // pairs; side B's buffers are reused from pair to pair. Words
        // are segmented when alignment first asks for them.
        let (mut fresh, mut rb) = (words::Region::empty(), words::Region::empty());
        fresh.reset(text_a, pa.checkpoints, pa.words, Some(pa.sketch));
        let mut out = Vec::new();
        for part in pairs_of.iter() {
            if part.range.end == part.anchors.len() {
                progress.advance(1);
            }
            if progress.is_cancelled() {
                break;
            }
            let db = part.anchors[0].db as usize;
            let pb = profiles.get(db);
            let ra = match whole.as_mut() {
                Some(r) => r,
                None => &mut fresh,
            };
            rb.reset(
                &corpus.documents[db].text,
                pb.checkpoints,
                pb.words,
                Some(pb.sketch),
            );
            out.extend(align::align_pair_part(
                ra,
                &mut rb,
                part.anchors,
                part.range.clone(),
                cfg,
                part.shared,
            ));
        }
        (i, out)
    };
    // The tasks holding parts of a document paired with itself first, in
    // waves of SHARED_WAVE in task order, each seeing the long stretches
    // of the waves before it (see `align::SharedCovers`: the same report
    // however fast each part runs); then the others, those with the most
    // anchors first (the longest-first rule of scheduling, so that a large
    // one is not left for the end with one core busy). Their pairs are put
    // back in task order.
    let holds_part = |i: &u32| by_first[*i as usize].iter().any(|p| p.shared.is_some());
    let (waves, rest): (Vec<u32>, Vec<u32>) = (0..by_first.len() as u32).partition(holds_part);
    let mut per_task: Vec<(u32, Vec<align::PairMatch>)> = Vec::with_capacity(by_first.len());
    for wave in waves.chunks(SHARED_WAVE) {
        per_task.extend(
            wave.par_iter()
                .with_max_len(1)
                .map(|&i| run(i))
                .collect::<Vec<_>>(),
        );
        shared.iter().for_each(align::SharedCovers::seal);
    }
    let mut order = rest;
    order.sort_by_cached_key(|&i| std::cmp::Reverse(anchors_in(by_first[i as usize])));
    per_task.extend(
        order
            .par_iter()
            .with_max_len(1)
            .map(|&i| run(i))
            .collect::<Vec<_>>(),
    );
    per_task.sort_unstable_by_key(|t| t.0);
    let mut pairs = Vec::with_capacity(per_task.iter().map(|t| t.1.len()).sum());
    for (_, v) in per_task {
        pairs.extend(v);
    }
    (!progress.is_cancelled()).then_some(pairs)
}

/// Tasks holding parts of documents paired with themselves aligned at
/// once, in a wave (see [`align_all`]): a fixed number, not the pool's
/// threads, so that what each part sees of the others does not depend on
/// the machine.
const SHARED_WAVE: usize = 4;

/// Most document pairs aligned by one task…
const TASK_PAIRS: usize = 256;
/// …and most anchors (unless a pair of two documents has more; a document
/// with itself is cut into parts of this many, see [`parts`]).
const TASK_ANCHORS: usize = 1 << 14;

/// Anchors in a task's parts.
fn anchors_in(pairs_of: &[Part]) -> usize {
    pairs_of.iter().map(Part::len).sum()
}

/// The document pairs of one first document (`c`, each pair's anchors) in
/// tasks of at most [`TASK_PAIRS`] pairs and [`TASK_ANCHORS`] anchors, so
/// that a document paired with thousands — a boilerplate representative —
/// or with a few over most of its length does not keep one core busy alone.
fn task_chunks<'a, 'b>(mut c: &'a [Part<'b>]) -> Vec<&'a [Part<'b>]> {
    let mut out = Vec::new();
    while !c.is_empty() {
        let mut n = 0;
        let mut anchors = 0;
        while n < c.len() && n < TASK_PAIRS && (n == 0 || anchors + c[n].len() <= TASK_ANCHORS) {
            anchors += c[n].len();
            n += 1;
        }
        let (task, rest) = c.split_at(n);
        out.push(task);
        c = rest;
    }
    out
}

/// A first document is tokenised whole for its document pairs when it has
/// at most this many words (a [`words::Region`] holds them all)…
const WHOLE_MAX_WORDS: usize = 1 << 15;
/// …and fewer than this many words per document pair (about what the
/// windows of one pair tokenise, checkpoint restarts included).
const PAIR_WORDS: usize = 128;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_tasks_hold_few_enough_pairs_and_anchors() {
        let an = |b: u32| index::Anchor {
            da: 0,
            db: 1,
            a: 0,
            b,
        };
        let sizes = |n: usize, len: usize| -> Vec<Vec<index::Anchor>> {
            (0..n).map(|_| (0..len as u32).map(an).collect()).collect()
        };
        let lens = |groups: &[Vec<index::Anchor>]| -> Vec<Vec<usize>> {
            let refs: Vec<Part> = groups.iter().flat_map(|g| parts(g, None)).collect();
            task_chunks(&refs)
                .iter()
                .map(|t| t.iter().map(Part::len).collect())
                .collect()
        };
        // By anchors: a pair over the limit is a task of its own.
        let mut g = sizes(1, 10_000);
        g.extend(sizes(1, 20_000));
        g.extend(sizes(1, 5_000));
        g.extend(sizes(1, 1));
        g.extend(sizes(1, 11_384));
        assert_eq!(
            lens(&g),
            [vec![10_000], vec![20_000], vec![5_000, 1], vec![11_384]]
        );
        // By pairs.
        let v = lens(&sizes(300, 3));
        assert_eq!(v.iter().map(Vec::len).collect::<Vec<_>>(), [256, 44]);
        // A document with itself is cut into parts of at most TASK_ANCHORS
        // (a changelog of similar entries); two documents are not.
        let own: Vec<index::Anchor> = (0..40_000u32)
            .map(|b| index::Anchor {
                da: 2,
                db: 2,
                a: 0,
                b: b + 5,
            })
            .collect();
        assert_eq!(
            lens(&[own, (0..40_000).map(an).collect()]),
            [vec![16_384], vec![16_384], vec![7_232], vec![40_000]]
        );
    }
}
