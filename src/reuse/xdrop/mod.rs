//! Word alignment with one scoring scheme for everything: the X-drop gapped
//! extension that grows an anchor into a passage ([`extend`]) and the banded
//! global alignment that shows the differences between two occurrences
//! ([`global`]). Knows words only through a [`Words2`] comparison callback.
//!
//! # Scoring
//!
//! Each aligned word pair scores [`MATCH`] when the keys are equal, [`NEAR`]
//! when they are *near-equal* (see [`near_equal`]: OCR and typing errors such
//! as `rn`/`m`, a dropped or doubled letter), [`MISMATCH`] otherwise; a word
//! on one side only costs [`GAP`] ([`GAP_CJK`] for a CJK character, below).
//! The scale is a match = `+8`, so that the ratios below are integers
//! (`+4` until session 27, when the CJK gap needed a finer step; every
//! score and threshold doubled with it, so other text aligns exactly as
//! before). They follow log-odds: in a copy that keeps 70% of its words
//! (the harshest edit rate we aim at) a position matches with
//! probability ~0.7, while two unrelated stretches of prose match at a
//! position with probability ~0.03–0.05 (common words): a match is worth
//! `ln(0.7/0.04)` ≈ `2.9`, a mismatch `ln(0.3/0.96)` ≈ `−1.2`, a ratio of
//! `−0.4`. We take `−3/4`: chance matches of common words come in phrases
//! (real prose repeats "of the", "in the case of"), so a mismatch costs more
//! than the independent-word odds say. Measured on the harsh bench corpus
//! (`bench_engine run harsh:N`, 20–30% band, pairs of copies): at `−4/4`
//! (mismatch = −match, the earlier scheme) 88.3% at 100 MB and 88.2% at
//! 30 MB, at `−3/4` 90.8% and 90.3%, with precision 98.6 → 98.4% at 100 MB
//! and 99.4 → 99.2% at 30 MB; at `−2/4`, or with gaps of `−3/8` that make a
//! replacement cheaper as two gaps, recall gains another point but precision
//! falls to 97.3–98.0% at 100 MB. A gap costs `−4`, half a match: edits come
//! in bursts (a clause inserted or dropped, a word moved), so one word on one
//! side only is less surprising than a replaced word. With gaps as dear as a
//! mismatch the extension stopped inside bursts of inserted words and at the
//! dense edits near a copy's ends (84% → 90% at 20–30% on the 10 MB corpus
//! when gaps became half as dear). Near-equal words score `+4`: usually the
//! same word, but a chance near-pair (`form`/`from`) must not be worth a
//! match. Words whose OCR-folded seed keys are equal (`c0pyright`/
//! `copyright`, see [`crate::segment::seed_hash`]) are equal for the
//! alignment (`align::compare`).
//!
//! Under these scores related text drifts upward (`0.7·8 − 0.3·6 = +3.8` per
//! word at 30% edits) and unrelated text downward (about `−5.4` per word), so
//! the extension stops [`X_DROP`] below its best score: a burst of seven
//! replaced words (`−42`) or of up to [`MAX_SHIFT`] inserted ones is bridged,
//! while unrelated text stops it within about eight words. Each end is then
//! trimmed back to the best-scoring point *that closes a run of at least
//! [`SOLID`] equal words*, so a passage never ends on a lone chance match of a
//! common word ("the") after an edit. Two words in a row are enough: a single
//! word is shared by chance at a given place with probability ~2% (the sum of
//! squared word frequencies of English prose), two in a row ~0.1%, while in a
//! copy with 20–30% edits spread at random a short run of equal words is
//! what lies between the last edit and the copy's end. Measured with
//! `examples/diag_recall` on the 100 MB corpus: with three words required,
//! 150 of the 235 source–copy pairs missed at 20–30% edits were aligned in
//! part only, 96 of them with a run of exactly two equal words beyond the
//! trimmed end; with two, that class falls to 46, and on the 30 MB corpus
//! the words of planted passages left out of their occurrences fall from
//! 5,980 to 2,847 of 123k while the words taken in past a passage's end
//! (overhang: chance matches, or background text that is alike) rise from
//! 423 to 834.
//!
//! CJK text is aligned per character (each ideograph, kana or Hangul
//! syllable is a word), with the same scores but for gaps: a character on
//! one side only costs [`GAP_CJK`] = `−3`, three quarters of a word's gap.
//! A Chinese word is one to three characters (1.5–2 on average), so a word
//! inserted or dropped is two or so characters' gaps: at a word's gap each,
//! a burst of pasted characters cost the extension twice what the same
//! edit costs in spaced text, and a copy's head or tail past it was lost.
//! Cheaper still is unsafe: kana and common ideographs make a small
//! alphabet, where two unrelated texts share a character every three or so
//! along their best gapped path, so at `−2` a path of chance characters and
//! gaps would drift *up* through unrelated Japanese, while at `−3` it drifts
//! down by about one per character. A replaced character is two gaps
//! (`−6`) or a mismatch (`−6`) alike. Measured on the independent check
//! (`examples/independent/run.sh`, seeds 11–20): Chinese pairs at 15–30%
//! edits 71.0 → 72.5% (333 → 340 of 469), Japanese unchanged; at `−2`,
//! Chinese 72.9% but Japanese lost 700 of its 15,200 occurrences (shared
//! sentences extended into unrelated text until the pair failed its
//! similarity). The bench's shapes are unchanged (its CJK copies' edits
//! are single characters, not bursts of pasted text), and spaced text is
//! aligned exactly as before. The test of a reported pair against chance
//! (`align::evidence`) still counts a CJK character on one side only as a
//! word's gap ([`word_score`]).
//!
//! The extension is a band that follows the best path: a row keeps only the
//! cells within `X_DROP` of the top score reached so far, and at most
//! [`MAX_SHIFT`]` + 1` cells either side of the row's best cell and of the
//! diagonal of the best solid end so far (periodic text would otherwise keep
//! many diagonals alive), so the cost is linear in the passage length. Once
//! the best path has run `X_DROP / MATCH + 2` equal words past its last
//! difference, no other path can overtake it and the
//! extension goes back to a word-by-word walk, so long copies with scattered
//! edits cost little more than exact ones; a band step that finds no solid
//! run for 64 rows ends.
//!
//! A reported pair with any difference must also score at least two whole
//! shingles copied exactly (`2k · MATCH`, see `align::evidence`): in real
//! prose common phrases recur, and two seven-word phrases bridged by six other
//! words score `14·8 − 6·6 = 76 < 80` — an edited copy of 20 words or more at
//! 20% edits scores more. Most word pairs are ruled out as near-equal by [`letter_mask`]
//! before they are folded and measured.

/// Score of two equal words.
pub const MATCH: i32 = 8;
/// Score of two near-equal words (a character or two apart).
pub const NEAR: i32 = 4;
/// Score of two different words.
pub const MISMATCH: i32 = -6;
/// Score of a word on one side only.
pub const GAP: i32 = -4;
/// Score of a CJK character on one side only.
pub const GAP_CJK: i32 = -3;
/// The extension stops when its score falls this far below its best.
pub const X_DROP: i32 = 44;
/// A passage ends (and begins) on a run of at least this many equal words.
pub const SOLID: u32 = 2;

/// How two words compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sim {
    /// Equal keys.
    Equal,
    /// Different keys, a character or two apart.
    Near,
    /// Different words.
    Differ,
}

impl Sim {
    fn score(self) -> i32 {
        match self {
            Sim::Equal => MATCH,
            Sim::Near => NEAR,
            Sim::Differ => MISMATCH,
        }
    }
}

/// What a word on one side only costs: [`GAP_CJK`] when it is one CJK
/// character (`cjk`), else [`GAP`].
pub fn gap(cjk: bool) -> i32 {
    if cjk { GAP_CJK } else { GAP }
}

/// [`gap`] of `word` ([`crate::segment::plain_cjk`] tells a CJK character).
pub fn gap_of(word: &str) -> i32 {
    gap(crate::segment::plain_cjk(word))
}

/// The score of an alignment of `w`'s words from its origin, each word on
/// one side only costing what [`Words2::gap_a`] and [`Words2::gap_b`] say
/// (see the module doc).
pub fn score_in(w: &mut impl Words2, ops: &[Op]) -> i32 {
    let (mut i, mut j, mut total) = (0, 0, 0);
    for o in ops {
        total += match o {
            Op::Pair(s) => s.score(),
            Op::OnlyA => w.gap_a(i),
            Op::OnlyB => w.gap_b(j),
        };
        let (x, y) = o.step();
        i += x;
        j += y;
    }
    total
}

/// The score of an alignment with every word on one side only costing a
/// word's [`GAP`], CJK characters included: the score a reported pair's
/// evidence is judged by (`align::evidence`). Cheaper CJK gaps let an
/// extension follow a burst of pasted characters, but they also let chance
/// characters of unrelated CJK text line up along a gapped path, so the
/// test against chance does not take them (measured: with CJK gaps in the
/// evidence too, the bench's harsh:100 precision fell 98.1 → 97.9%).
pub fn word_score(ops: &[Op]) -> i32 {
    ops.iter()
        .map(|o| match o {
            Op::Pair(s) => s.score(),
            Op::OnlyA | Op::OnlyB => GAP,
        })
        .sum()
}

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// A word of each side, with how they compare.
    Pair(Sim),
    /// A word of side A only.
    OnlyA,
    /// A word of side B only.
    OnlyB,
}

impl Op {
    /// Words the operation takes from (A, B).
    pub fn step(self) -> (usize, usize) {
        match self {
            Op::Pair(_) => (1, 1),
            Op::OnlyA => (1, 0),
            Op::OnlyB => (0, 1),
        }
    }
}

/// The two word sequences being aligned, seen from the alignment's origin.
pub trait Words2 {
    /// How word `i` of A compares with word `j` of B.
    fn cmp(&mut self, i: usize, j: usize) -> Sim;
    /// Words available on side A.
    fn len_a(&self) -> usize;
    /// Words available on side B.
    fn len_b(&self) -> usize;
    /// How many words from `(i, j)` on are known to be equal without
    /// comparing them one by one (identical text); 0 when unknown. The
    /// exact runs of [`extend`] take them at once.
    fn equal_ahead(&mut self, _i: usize, _j: usize) -> usize {
        0
    }
    /// A 4-bit code of word `i` of A, when the words have one: equal words
    /// have equal codes, and `0` may equal any (the documents' sketches,
    /// `reuse::chance`). It lets [`bridge`] rule out most word pairs
    /// without reading them; `None` when there is none.
    fn code_a(&mut self, _i: usize) -> Option<u8> {
        None
    }
    /// The code of word `j` of B, as [`Words2::code_a`].
    fn code_b(&mut self, _j: usize) -> Option<u8> {
        None
    }
    /// True when a blank line (a paragraph break) lies in the text from the
    /// end of word `a - 1` of A to the start of word `a + n` of A, or from
    /// the end of word `b - 1` of B to the start of word `b + m`: the edit
    /// [`bridge`] would cross. False when the words do not know their text.
    fn blank_across(&mut self, _a: usize, _n: usize, _b: usize, _m: usize) -> bool {
        false
    }
    /// The cost of word `i` of A on one side only: [`GAP`], or [`GAP_CJK`]
    /// for a CJK character.
    fn gap_a(&mut self, _i: usize) -> i32 {
        GAP
    }
    /// The cost of word `j` of B on one side only, as [`Words2::gap_a`].
    fn gap_b(&mut self, _j: usize) -> i32 {
        GAP
    }
}

/// The result of an extension: words used on each side and the steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extension {
    /// Words of A covered.
    pub a: usize,
    /// Words of B covered.
    pub b: usize,
    /// The steps, from the origin outwards.
    pub ops: Vec<Op>,
}

const DIAG: u8 = 0;
const UP: u8 = 1; // a word of A only
const LEFT: u8 = 2; // a word of B only
const DEAD: i32 = i32::MIN / 4;

/// Equal words an exact run takes one by one before it asks again for a
/// stretch of identical text ([`Words2::equal_ahead`]): asking costs a
/// comparison of the texts up to their next difference, so it is asked when
/// a run starts and then after every this many words.
pub const EQUAL_AHEAD_EVERY: usize = 64;

/// A band step ends once the best path has run this many equal words past
/// its last difference: any other path would have to make up
/// `RESUME · MATCH > X_DROP` to overtake it.
const RESUME: u32 = (X_DROP / MATCH) as u32 + 2;

/// The widest shift between the two sides that a band step follows: a burst
/// of up to six inserted or dropped words in a row (the edit models we aim
/// at have bursts of 3–5). With `GAP = −4` and `X_DROP = 44` the X-drop alone
/// would allow 11, and a band twice as wide cost 45% more CPU on
/// /usr/share/doc for the same recall (measured).
pub const MAX_SHIFT: usize = 6;

/// Cells kept on each side of a row's best cell.
const BAND: usize = MAX_SHIFT + 1;

/// A band step gives up this many rows after its last solid run.
const STALL: usize = 64;

/// Rows of dynamic programming kept at once: a longer extension restarts
/// from its best cell, so memory stays bounded however long the passage.
const CHUNK_ROWS: usize = 2048;

/// Word pairs seen from an offset origin, `na` × `nb` of them.
struct Shift<'w, W: Words2> {
    w: &'w mut W,
    da: usize,
    db: usize,
    na: usize,
    nb: usize,
}

impl<'w, W: Words2> Shift<'w, W> {
    /// The words of `w` from `(da, db)` to its ends.
    fn new(w: &'w mut W, da: usize, db: usize) -> Self {
        let (na, nb) = (w.len_a() - da, w.len_b() - db);
        Shift { w, da, db, na, nb }
    }
}

impl<W: Words2> Words2 for Shift<'_, W> {
    fn cmp(&mut self, i: usize, j: usize) -> Sim {
        self.w.cmp(self.da + i, self.db + j)
    }
    fn len_a(&self) -> usize {
        self.na
    }
    fn len_b(&self) -> usize {
        self.nb
    }
    fn equal_ahead(&mut self, i: usize, j: usize) -> usize {
        self.w.equal_ahead(self.da + i, self.db + j)
    }
    fn gap_a(&mut self, i: usize) -> i32 {
        self.w.gap_a(self.da + i)
    }
    fn gap_b(&mut self, j: usize) -> i32 {
        self.w.gap_b(self.db + j)
    }
}

/// X-drop gapped extension from the origin `(0, 0)`, where the origin closes
/// a solid run of `run0` equal words (the anchor). Returns the best-scoring
/// end that closes a run of at least [`SOLID`] equal words (or the origin).
///
/// Equal words are taken one by one without dynamic programming; at the first
/// difference a banded X-drop step starts, which ends at its best cell (then
/// equal words are taken again) or after `CHUNK_ROWS` rows (then it goes on
/// from its best cell), so memory is bounded and exact copies cost no DP.
pub fn extend(w: &mut impl Words2, run0: u32) -> Extension {
    let mut out = Extension::default();
    let mut run = run0;
    loop {
        // Exact run (identical text skipped at once: see
        // `Words2::equal_ahead`, asked every EQUAL_AHEAD_EVERY words).
        let mut next_try = 0;
        while out.a < w.len_a() && out.b < w.len_b() {
            if next_try == 0 {
                let n = w
                    .equal_ahead(out.a, out.b)
                    .min(w.len_a() - out.a)
                    .min(w.len_b() - out.b);
                out.ops.extend(std::iter::repeat_n(Op::Pair(Sim::Equal), n));
                out.a += n;
                out.b += n;
                run += n as u32;
                next_try = EQUAL_AHEAD_EVERY;
                if out.a == w.len_a() || out.b == w.len_b() {
                    break;
                }
            }
            if w.cmp(out.a, out.b) != Sim::Equal {
                break;
            }
            out.ops.push(Op::Pair(Sim::Equal));
            out.a += 1;
            out.b += 1;
            run += 1;
            next_try -= 1;
        }
        let mut sw = Shift::new(w, out.a, out.b);
        let (step, more) = extend_chunk(&mut sw, run);
        if step.a == 0 && step.b == 0 {
            break;
        }
        // The chunk ends on a solid run; count it so the next chunk may start there.
        run = step
            .ops
            .iter()
            .rev()
            .take_while(|o| matches!(o, Op::Pair(Sim::Equal)))
            .count() as u32;
        out.a += step.a;
        out.b += step.b;
        out.ops.extend(step.ops);
        if !more {
            break;
        }
    }
    // Trim back to the end of the last solid run (the exact walk may have
    // ended on fewer than SOLID words after a difference).
    let mut tail = 0usize;
    for o in out.ops.iter().rev() {
        if matches!(o, Op::Pair(Sim::Equal)) {
            tail += 1;
        } else {
            break;
        }
    }
    if tail < out.ops.len() && (tail as u32) < SOLID {
        for _ in 0..tail {
            out.ops.pop();
            out.a -= 1;
            out.b -= 1;
        }
        while let Some(o) = out.ops.last() {
            match o {
                Op::Pair(Sim::Equal) => break,
                Op::Pair(_) => {
                    out.a -= 1;
                    out.b -= 1;
                }
                Op::OnlyA => out.a -= 1,
                Op::OnlyB => out.b -= 1,
            }
            out.ops.pop();
        }
    }
    out
}

/// The buffers of [`extend_chunk`], kept per thread so that a band step
/// allocates nothing once they have grown.
#[derive(Default)]
struct Band {
    /// Row `i` covers cells `lo[i]..` with directions `dirs[at[i]..at[i + 1]]`.
    lo: Vec<usize>,
    at: Vec<usize>,
    dirs: Vec<u8>,
    /// Scores and solid-run lengths of the previous row, then of the current.
    prev: Vec<i32>,
    prev_run: Vec<u32>,
    cur: Vec<i32>,
    cur_run: Vec<u32>,
    cur_dirs: Vec<u8>,
    /// What word `j` of B costs on one side only, for the `j`s seen so far
    /// (asked once per word, not once per cell).
    gaps_b: Vec<i32>,
}

impl Band {
    /// Ends row `i` with its cells `lo..` and their directions.
    fn push_row(&mut self, lo: usize, from: usize, to: usize) {
        self.lo.push(lo);
        self.dirs.extend_from_slice(&self.cur_dirs[from..to]);
        self.at.push(self.dirs.len());
    }

    /// Direction of cell `(i, j)` of a kept row.
    fn dir(&self, i: usize, j: usize) -> u8 {
        self.dirs[self.at[i] + j - self.lo[i]]
    }
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Band> = std::cell::RefCell::new(Band::default());
}

/// One X-drop step of [`extend`], over at most [`CHUNK_ROWS`] rows.
fn extend_chunk(w: &mut impl Words2, run0: u32) -> (Extension, bool) {
    BUFFERS.with(|b| match b.try_borrow_mut() {
        Ok(mut band) => extend_chunk_in(w, run0, &mut band),
        // Never in practice (a comparison does not extend): fresh buffers.
        Err(_) => extend_chunk_in(w, run0, &mut Band::default()),
    })
}

/// [`extend_chunk`] with its buffers.
fn extend_chunk_in(w: &mut impl Words2, run0: u32, band: &mut Band) -> (Extension, bool) {
    let (na, nb) = (w.len_a().min(CHUNK_ROWS), w.len_b());
    // Row i: cells j in lo..lo+score.len(); `band` keeps the traceback.
    band.gaps_b.clear();
    band.lo.clear();
    band.at.clear();
    band.at.push(0);
    band.dirs.clear();
    let mut prev_lo = 0usize;
    let mut best = (0i32, 0usize, 0usize);
    let mut best_run = 0u32;
    // The highest score of any cell: the X-drop floor follows it, so a path
    // of chance matches that never closes a solid run cannot keep the band
    // alive at the height of the last solid run.
    let mut top = 0i32;
    // Whether the extension may go on past this step (it stopped on a long
    // run or at the row limit, not because every cell fell X_DROP behind).
    let mut more = false;
    // Row 0: gaps along B.
    {
        band.prev.clear();
        band.prev_run.clear();
        band.cur_dirs.clear();
        band.prev.push(0);
        band.prev_run.push(run0);
        band.cur_dirs.push(DIAG);
        let mut j = 1;
        let mut g = 0;
        while j <= nb && g + gap_b(w, &mut band.gaps_b, j - 1) >= -X_DROP {
            g += band.gaps_b[j - 1];
            band.prev.push(g);
            band.prev_run.push(0);
            band.cur_dirs.push(LEFT);
            j += 1;
        }
        let n = band.cur_dirs.len();
        band.push_row(0, 0, n);
    }
    for i in 1..=na {
        let lo = prev_lo;
        let floor = top - X_DROP;
        let Band {
            prev,
            prev_run,
            cur,
            cur_run,
            cur_dirs: dirs,
            gaps_b,
            ..
        } = band;
        cur.clear();
        cur_run.clear();
        dirs.clear();
        let prev_hi = prev_lo + prev.len(); // exclusive
        let gap_up = w.gap_a(i - 1);
        let mut j = lo;
        loop {
            if j > nb {
                break;
            }
            let up = if j >= prev_lo && j < prev_hi {
                prev[j - prev_lo] + gap_up
            } else {
                DEAD
            };
            let (mut sc, mut dir, mut run) = (up, UP, 0u32);
            if j > prev_lo && j - 1 < prev_hi && prev[j - 1 - prev_lo] > DEAD {
                let sim = w.cmp(i - 1, j - 1);
                let d = prev[j - 1 - prev_lo] + sim.score();
                if d >= sc {
                    sc = d;
                    dir = DIAG;
                    // Only equal words make a solid run: a near-equal pair
                    // is credited inside a passage but never ends one.
                    run = if sim == Sim::Equal {
                        prev_run[j - 1 - prev_lo] + 1
                    } else {
                        0
                    };
                }
            }
            if j > lo && !cur.is_empty() {
                let l = cur[j - 1 - lo] + gap_b(w, gaps_b, j - 1);
                if l > sc {
                    sc = l;
                    dir = LEFT;
                    run = 0;
                }
            }
            if sc < floor {
                sc = DEAD;
            }
            cur.push(sc);
            cur_run.push(run);
            dirs.push(dir);
            top = top.max(sc);
            if sc > best.0 && run >= SOLID {
                best = (sc, i, j);
                best_run = run;
            }
            j += 1;
            if j > prev_hi && cur.last().is_none_or(|&x| x <= DEAD) {
                break;
            }
        }
        // Trim dead cells at both ends of the row.
        let first = cur.iter().position(|&x| x > DEAD);
        let Some(first) = first else {
            break;
        };
        if i == na && na < w.len_a() {
            more = true;
        }
        let mut last = cur.iter().rposition(|&x| x > DEAD).unwrap_or(first);
        let mut first = first;
        // Keep the band within BAND cells of the row's best cell and of the
        // diagonal of the best solid end so far (and of that end if it lies
        // in this row): periodic text (tables, rules, repeated words) would
        // otherwise widen it without bound. Around the row's best cell alone
        // (until session 16) it lost the copy inside a burst: there the best
        // cell is the one that skips every word of A (a gap costs less than
        // a mismatch), which drifts a cell off the copy's diagonal per row,
        // so a burst of seven replaced words, or four replaced and three
        // inserted, cut the copy in two. (Around the diagonal alone, the
        // `sentences` bench shape lost 1% of its edited pairs: a rewritten
        // sentence is then bridged in part, and its pieces chain less well.)
        // (Cells are numbered from `lo`; the diagonal may lie before it.)
        let jd = (i + best.2) as isize - best.1 as isize - lo as isize;
        let jm = (0..cur.len()).max_by_key(|&x| cur[x]).unwrap_or(first) as isize;
        let (mut wl, mut wr) = (jd.min(jm), jd.max(jm));
        if best.1 == i {
            wl = wl.min((best.2 - lo) as isize);
            wr = wr.max((best.2 - lo) as isize);
        }
        // The row's best cell is live and lies in the window, so the band
        // never empties.
        first = first.max((wl - BAND as isize).max(0) as usize);
        last = last.min((wr + BAND as isize).max(0) as usize);
        // A cell reached by a gap from a cell cut off is cut off too.
        while first < last && dirs[first] == LEFT && !(best.1 == i && best.2 == lo + first) {
            first += 1;
        }
        let new_lo = lo + first;
        prev.clear();
        prev.extend_from_slice(&cur[first..=last]);
        prev_run.clear();
        prev_run.extend_from_slice(&cur_run[first..=last]);
        band.push_row(new_lo, first, last + 1);
        prev_lo = new_lo;
        // Back on a long run of equal words at the best score: the words
        // that follow are taken one by one again (cheaper than the band).
        if best.1 == i && best_run >= RESUME {
            more = true;
            break;
        }
        // Rows keep scoring without a solid run (text alike word by word
        // but never three in a row): the passage ends at its last solid run.
        if i > best.1 + STALL {
            break;
        }
    }
    // Traceback from the best cell.
    let (_, mut i, mut j) = best;
    let mut ops = Vec::new();
    while i > 0 || j > 0 {
        let dir = band.dir(i, j);
        trace_step(w, dir, &mut i, &mut j, &mut ops);
    }
    ops.reverse();
    (
        Extension {
            a: best.1,
            b: best.2,
            ops,
        },
        more,
    )
}

/// [`Words2::gap_b`] of word `j`, kept in `gaps` (which holds the words
/// before `j` already: a band step asks for its words in order).
#[inline]
fn gap_b(w: &mut impl Words2, gaps: &mut Vec<i32>, j: usize) -> i32 {
    while gaps.len() <= j {
        gaps.push(w.gap_b(gaps.len()));
    }
    gaps[j]
}

/// One step of a traceback from cell `(i, j)` in direction `dir`: pushes
/// the op (ops come out last first) and moves to the previous cell.
fn trace_step(w: &mut impl Words2, dir: u8, i: &mut usize, j: &mut usize, ops: &mut Vec<Op>) {
    match dir {
        DIAG => {
            ops.push(Op::Pair(w.cmp(*i - 1, *j - 1)));
            *i -= 1;
            *j -= 1;
        }
        UP => {
            ops.push(Op::OnlyA);
            *i -= 1;
        }
        _ => {
            ops.push(Op::OnlyB);
            *j -= 1;
        }
    }
}

mod bridge;
pub use bridge::bridge;
mod global;
pub use global::{Prefixes, global};
mod near;
pub use near::{
    ANY_LETTERS, FEW_LETTERS, letter_mask, masks_may_be_near, masks_may_be_near_for, near_equal,
    near_equal_unmasked,
};

#[cfg(test)]
mod tests;
