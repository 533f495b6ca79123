//! The index's passes over its groups a block of corpus words at a time
//! ([`Index::blockwise`]): how the corpus is cut into blocks, and the
//! per-block lists of groups (varints) that let blocks run in parallel.

use super::*;

/// Blocks [`Index::blockwise`] reads and processes at a time: one per
/// thread of the pool.
pub(super) fn blocks_in_flight() -> usize {
    rayon::current_num_threads().clamp(1, 64)
}

/// Blocks in flight that callers of [`Index::blockwise`] size their blocks
/// for (so many blocks share a budget of anchors or entries): a constant,
/// not [`blocks_in_flight`], because where blocks start changes what
/// comes out (the first wave's runs are thinned within a block, stock runs
/// are cut at its ends), and the report must not depend on the machine's
/// cores. With more threads, more blocks of this size are in flight.
pub(super) const SIZED_FOR: usize = 2;

/// Bytes of `x` as a varint (seven bits a byte, see [`push_varint`]).
pub(super) fn varint_len(x: u32) -> usize {
    (32 - (x | 1).leading_zeros() as usize).div_ceil(7)
}

/// Appends `x` to `out` as a varint: seven bits a byte, low bits first, the
/// high bit set on every byte but the last.
pub(super) fn push_varint(out: &mut Vec<u8>, mut x: u32) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// The varint at `bytes[*i..]` (as [`push_varint`] wrote it), moving `i`
/// past it; `None` at the end.
pub(super) fn read_varint(bytes: &[u8], i: &mut usize) -> Option<u32> {
    let (mut x, mut shift) = (0u32, 0u32);
    loop {
        let b = *bytes.get(*i)?;
        *i += 1;
        x |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(x);
        }
        shift += 7;
    }
}

/// The groups of a list of [`Index::blockwise`] (gaps as varints): each
/// group's first fingerprint.
pub(super) fn listed_groups(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let (mut i, mut start) = (0usize, 0u32);
    std::iter::from_fn(move || {
        start += read_varint(bytes, &mut i)?;
        Some(start)
    })
}

/// Which fingerprints of a group [`Index::blockwise`] visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// All of them.
    All,
    /// All but the last: the first wave pairs each place with a later one,
    /// so the last pairs with none, and a group of two (most of them where
    /// every shingle recurs once) is listed in one block, not two.
    ButLast,
}

impl Index {
    /// Splits the corpus's word numbers into `n` ranges of about equal size,
    /// each starting at a document's first word unless that document spans
    /// the whole range (a large document is split inside).
    pub(super) fn word_blocks(&self, n: usize) -> Vec<std::ops::Range<u32>> {
        let total = *self.first_word.last().unwrap_or(&0);
        let n = n.max(1);
        let mut bounds = vec![0u32];
        for b in 1..n {
            let raw = (u64::from(total) * b as u64 / n as u64) as u32;
            let d = self
                .first_word
                .partition_point(|&f| f <= raw)
                .saturating_sub(1);
            let snapped = self.first_word.get(d).copied().unwrap_or(raw);
            let prev = *bounds.last().unwrap_or(&0);
            let at = if snapped > prev { snapped } else { raw };
            if at > prev && at < total {
                bounds.push(at);
            }
        }
        bounds.push(total.max(1));
        bounds.windows(2).map(|w| w[0]..w[1]).collect()
    }

    /// Visits the groups of equal hashes that `keep` accepts a block of
    /// corpus words at a time (`blocks`: contiguous, in order, as from
    /// [`Index::word_blocks`]): for each block, `f(group, fingerprints,
    /// i0..i1)` gives the items of the group's fingerprints `i0..i1` (those
    /// `reach` asks for whose word lies in the block; a group is named by its first
    /// fingerprint's index, see [`Groups::each_group`]), in group order,
    /// `block` turns the block's items into its result, and `each` receives
    /// the results in block order.
    ///
    /// Each group is listed beforehand in every block its words lie in (one
    /// pass over the fingerprints: a group's are in word order), so the cost
    /// follows the fingerprints, not groups × blocks, and blocks need not be
    /// visited in order: [`blocks_in_flight`] of them at a time are read and
    /// given to `block` in parallel, `each` taking their results in order
    /// before the next ones start. (Visited one at a time, each block's
    /// steps were parallel only within it, between serial sorts and queue
    /// updates, and the second core often idled.) Callers size blocks for
    /// that many in flight. `keep` is asked once per group.
    ///
    /// Memory: where every shingle recurs (two versions of a folder) this
    /// runs at the engine's peak, beside every fingerprint. A list entry is
    /// a varint (the gap to the group's first fingerprint from the previous
    /// entry's: a byte or two; the group's end is a bit of [`Groups`]) in
    /// a list counted first and allocated at its size, and no table of
    /// group starts is held. With 4-byte group numbers, a table of starts
    /// and lists grown as they filled, `verdir` peaked at 2.78× its text;
    /// with each entry's group size beside its gap, 2.40×.
    pub(super) fn blockwise<'a, T, U, I>(
        &'a self,
        blocks: &[std::ops::Range<u32>],
        reach: Reach,
        keep: impl Fn(&[u32]) -> bool,
        f: impl Fn(u32, &'a [u32], std::ops::Range<usize>) -> I + Sync,
        block: impl Fn(Vec<T>) -> U + Sync,
        mut each: impl FnMut(U),
    ) where
        T: Send,
        U: Send,
        I: Iterator<Item = T>,
    {
        // Which groups `keep` accepts, a bit each (asked once: for the stock
        // map it counts every place of the group).
        let mut kept: Vec<u64> = Vec::new();
        for (n, (_, g)) in self.shared.each_group().enumerate() {
            if n % 64 == 0 {
                kept.push(0);
            }
            if keep(g) {
                kept[n / 64] |= 1 << (n % 64);
            }
        }
        let is_kept = |n: usize| kept[n / 64] >> (n % 64) & 1 == 1;
        // Per block, the groups with a word in it, in group order.
        let reached = |g: &'a [u32]| match reach {
            Reach::All => g,
            Reach::ButLast => &g[..g.len().saturating_sub(1)],
        };
        let block_of = BlockOf::new(blocks);
        let visit = |f: &mut dyn FnMut(usize, u32)| {
            let groups = self.shared.each_group().enumerate();
            for (_, (start, g)) in groups.filter(|&(n, _)| is_kept(n)) {
                let mut end = 0u32;
                for &w in reached(g) {
                    if w < end {
                        continue;
                    }
                    let b = block_of.get(w);
                    let Some(r) = blocks.get(b) else { break };
                    end = r.end;
                    f(b, start);
                }
            }
        };
        // Each list as varints (a byte or two each, not four): per group,
        // the gap from the previous one's first fingerprint to its own (its
        // end is the next group's start, a bit of `shared`). Sized exactly.
        let mut last = vec![0u32; blocks.len()];
        let mut sizes = vec![0usize; blocks.len()];
        visit(&mut |b, start| {
            sizes[b] += varint_len(start - last[b]);
            last[b] = start;
        });
        let mut lists: Vec<Vec<u8>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
        drop(sizes);
        last.fill(0);
        visit(&mut |b, start| {
            push_varint(&mut lists[b], start - last[b]);
            last[b] = start;
        });
        drop(last);
        drop(kept);
        let items = |list: &[u8], r: &std::ops::Range<u32>| -> Vec<T> {
            listed_groups(list)
                .flat_map(|start| {
                    let g = self.shared.group_at(start as usize);
                    let i0 = g.partition_point(|&x| x < r.start);
                    let i1 = i0 + reached(&g[i0..]).partition_point(|&x| x < r.end);
                    f(start, g, i0..i1)
                })
                .collect()
        };
        let width = blocks_in_flight();
        for (lists, ranges) in lists.chunks_mut(width).zip(blocks.chunks(width)) {
            let results: Vec<U> = lists
                .par_iter_mut()
                .zip(ranges)
                .with_max_len(1)
                .map(|(list, r)| {
                    let v = items(list, r);
                    *list = Vec::new();
                    block(v)
                })
                .collect();
            for u in results {
                each(u);
            }
        }
    }
}

/// Which of contiguous, ordered blocks of word numbers (from word 0) holds
/// a word, found as a document is ([`range_of`]: a hint per stretch of
/// 2^`shift` word numbers, about [`BLOCK_TABLE`] of them, then a step or
/// two). Looked up for every fingerprint of every group listed (a binary
/// search there took most of the listing's time, which runs on one core).
struct BlockOf {
    /// Each block's first word, then the total.
    starts: Vec<u32>,
    hints: Vec<u32>,
    shift: u32,
}

/// Stretches in a [`BlockOf`] table, about.
const BLOCK_TABLE: u32 = 1 << 12;

impl BlockOf {
    /// The table for `blocks`.
    fn new(blocks: &[std::ops::Range<u32>]) -> Self {
        let mut starts: Vec<u32> = blocks.iter().map(|r| r.start).collect();
        starts.push(blocks.last().map_or(0, |r| r.end));
        let total = starts[starts.len() - 1];
        let shift = (32 - (total / BLOCK_TABLE).leading_zeros()).min(31);
        let hints = range_hints(&starts, shift);
        BlockOf {
            starts,
            hints,
            shift,
        }
    }

    /// The block holding word `w` (the number of blocks past the last).
    #[inline]
    fn get(&self, w: u32) -> usize {
        let blocks = self.starts.len() - 1;
        if w >= self.starts[blocks] {
            return blocks;
        }
        range_of(&self.starts, &self.hints, self.shift, w)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::corpus;
    use super::*;

    #[test]
    fn a_word_s_block_is_the_one_a_binary_search_finds() {
        for bounds in [
            vec![0u32, 1],
            vec![0, 5, 6, 7, 100_000, 100_001, 3_000_000],
            vec![0, 4096, 8192, 8193],
            vec![0, u32::MAX / 2, u32::MAX - 1],
        ] {
            let blocks: Vec<std::ops::Range<u32>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
            let of = BlockOf::new(&blocks);
            let total = *bounds.last().unwrap_or(&0);
            let probes = bounds
                .iter()
                .flat_map(|&b| [b.saturating_sub(1), b, b.saturating_add(1)])
                .chain((0..1000u64).map(|i| (u64::from(total) * i / 999) as u32))
                .chain([total.saturating_add(7), u32::MAX]);
            for w in probes {
                assert_eq!(
                    of.get(w),
                    blocks.partition_point(|r| r.end <= w),
                    "{w} in {bounds:?}"
                );
            }
        }
    }

    #[test]
    fn blockwise_visits_each_fingerprint_once_in_its_block_in_group_order() {
        // Groups of two to nine places spread over eight documents, and a
        // document larger than a block (split inside).
        let mut docs = vec![String::new(); 8];
        for j in 0..300usize {
            let passage: String = (0..30).map(|i| format!("p{j}q{i} ")).collect();
            for c in 0..2 + j % 8 {
                docs[(j * 5 + c * 3) % 8].push_str(&passage);
            }
        }
        let texts: Vec<&str> = docs.iter().map(String::as_str).collect();
        let ix = build(&corpus(&texts), 5, 1, 16);
        let starts = ix.group_starts();
        let all = ix.shared.all();
        let keep = |g: &[u32]| !g.len().is_multiple_of(3);
        // Groups are named by their first fingerprint.
        let each: Vec<(u32, &[u32])> = ix.shared.each_group().collect();
        assert_eq!(each.len(), starts.len() - 1);
        for (gi, &(start, g)) in each.iter().enumerate() {
            let whole = &all[starts[gi] as usize..starts[gi + 1] as usize];
            assert_eq!((start, g), (starts[gi], whole));
        }
        for (n, reach) in [1, 3, 17, 64]
            .into_iter()
            .flat_map(|n| [(n, Reach::All), (n, Reach::ButLast)])
        {
            let blocks = ix.word_blocks(n);
            let mut got: Vec<Vec<(usize, u32)>> = Vec::new();
            ix.blockwise(
                &blocks,
                reach,
                keep,
                |gi, g, r| r.map(move |i| (gi as usize, g[i])),
                |v| v,
                |v| got.push(v),
            );
            // Every place of a kept group (all but its last with `ButLast`),
            // in its block.
            let expected: Vec<Vec<(usize, u32)>> = blocks
                .iter()
                .map(|b| {
                    (0..starts.len() - 1)
                        .flat_map(|gi| {
                            let (s, e) = (starts[gi] as usize, starts[gi + 1] as usize);
                            let g = &all[s..e];
                            let upto = if reach == Reach::All {
                                g.len()
                            } else {
                                g.len() - 1
                            };
                            g[..upto]
                                .iter()
                                .filter(move |_| keep(g))
                                .map(move |&f| (s, f))
                                .filter(|&(_, w)| b.contains(&w))
                        })
                        .collect()
                })
                .collect();
            assert!(
                blocks.len() >= n.min(8),
                "{n} blocks asked, {} made",
                blocks.len()
            );
            assert_eq!(got, expected, "{n} blocks, {reach:?}");
        }
    }

    #[test]
    fn block_lists_read_back_every_group_from_their_varints() {
        let groups = [0u32, 127, 128, 16_383, 16_384, 2_000_000, u32::MAX - 1];
        let mut bytes = Vec::new();
        let mut last = 0;
        let mut size = 0;
        for &start in &groups {
            size += varint_len(start - last);
            push_varint(&mut bytes, start - last);
            last = start;
        }
        assert_eq!(bytes.len(), size);
        // A gap of 127 is one byte, of 128 two; u32::MAX five.
        assert_eq!(
            [0, 127, 128, 16_383, 16_384, u32::MAX].map(varint_len),
            [1, 1, 2, 2, 3, 5]
        );
        assert_eq!(listed_groups(&bytes).collect::<Vec<_>>(), groups);
    }

    #[test]
    fn the_first_wave_is_the_same_on_any_number_of_threads() {
        // A copy of 40,000 words: one run of anchors across many blocks, cut
        // where a block ends (blocks sized for a constant, not the pool).
        let text: String = (0..40_000).map(|i| format!("r{i} ")).collect();
        let copy = format!("header words first {text}");
        let c = corpus(&[&text, &copy]);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    let mut ix = build(&c, 5, 3, 16);
                    (ix.spanning_anchors(), ix.stock().runs.clone())
                })
        };
        let one = on(1);
        assert!(!one.0.is_empty());
        for threads in [2, 3, 7] {
            assert_eq!(on(threads), one, "{threads} threads");
        }
    }
}
