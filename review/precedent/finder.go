package precedent

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"lawreview/review/ahocorasick"
)

// Finding precedents in a draft: the review engine asks, for every
// sentence no rule flagged, whether it repeats a clause that was judged
// unlawful (review.PrecedentFinder). The answer must be cheap — a draft
// has a few hundred sentences — and must not fire on the lawful wording
// that surrounds every unlawful clause (本村村民, 集体经济收益分配), so:
//
//   - candidates are the precedents sharing enough distinct character
//     bigrams with the sentence (an inverted index of bigrams);
//   - each candidate is scored on the stretch of the sentence that is most
//     like it: the Dice coefficient of the precedent clause's bigrams and
//     those of the best window of the sentence about as long as the
//     clause. A long sentence that contains the clause scores as high as
//     the clause alone; one that shares only scattered words scores low;
//   - bigrams are weighted by how rare they are in ordinary legal text
//     (inverse document frequency over FinderOptions.Background, the
//     articles the binary ships): 外嫁女及其子女不再享受本村集体经济收益分配
//     and the lawful 本村村民平等享受本村集体经济收益分配 share a long
//     tail, but its bigrams (集体, 经济, 收益, 分配) are everyday legal
//     words, while 外嫁 and 嫁女 are what the verdict was about;
//   - amounts do not count: every run of digits is one symbol, so 罚款200元
//     and 罚款500元 are the same wording;
//   - with FinderOptions.Concepts, every wording of a concept is one symbol
//     too (本县, 我区, 辖区内 → the measure's territory; 迁出, 迁离, 外迁 →
//     moving out; 外嫁女, 出嫁女, 嫁出 → a woman married out), so a clause
//     of the same kind written in other words shares the concepts' bigrams
//     and keeps only its own rare words apart (the place's name, the goods).

// Match is a precedent found in a sentence.
type Match struct {
	Precedent  Precedent
	Similarity float64 // 0..1, the Dice coefficient on the best window
	// Start and End are the rune offsets in the sentence of the stretch
	// that matched the precedent's clause.
	Start, End int
}

// Finder options.
const (
	// FindSimilarity is the least similarity for a sentence to be taken
	// for a precedent's clause, read as characters (docs/eval.md,
	// "precedent findings").
	FindSimilarity = 0.55
	// FindSimilarityConcepts is the same with FinderOptions.Concepts, chosen
	// leave-source-out on the real set and the bank (round 11): no finding
	// on an unlabelled sentence of the written drafts, the bank's template
	// pledges found in other words.
	FindSimilarityConcepts = 0.50
	// MinClauseRunes is the shortest precedent clause (letters and digits)
	// that can find anything: shorter ones (罚款, 取消福利) are words that
	// lawful sentences use too.
	MinClauseRunes = 8
)

// FinderOptions tune a Finder; the zero value is the default.
type FinderOptions struct {
	Similarity float64 // 0: FindSimilarity, or FindSimilarityConcepts with Concepts
	// Background is ordinary text the bigram weights are learnt from (one
	// string a document, e.g. the law articles the binary ships). nil:
	// every bigram weighs the same.
	Background []string
	// Concepts are classes of wordings read as one symbol each (see
	// Concept). nil: characters only, as before round 11.
	Concepts []Concept
	// Weights, when set, are bigram weights learnt once (LearnWeights with
	// the same Concepts) and shared by many finders; Background is then
	// not read. A finder per document (leave-source-out) needs it.
	Weights *Weights
	// Grave reports whether a rule protects rights so basic (personal
	// freedom, public shaming, women's land rights) that no local
	// decision may make its wording lawful: a lawful local precedent then
	// never outweighs an unlawful one. nil: no rule is grave.
	Grave func(rule string) bool
}

// Concept is a class of wordings a finder reads as one symbol: a legal or
// linguistic concept (the measure's territory, designating a supplier, a
// woman married out) and the regular expression of its wordings. The
// review package builds them from its word classes (review.PrecedentConcepts).
type Concept struct {
	Name    string
	Pattern *regexp.Regexp
	// Anchors are conditions every wording of the concept satisfies: for
	// each, one of its strings occurs in the wording (the review package
	// derives them from Pattern). Where one has none, Pattern is not run:
	// its alternations of a hundred words made running it on every
	// article of the background nine tenths of a cold review. nil: Pattern
	// runs everywhere.
	Anchors [][]string
}

// conceptBase is the first private-use rune: concept i is conceptBase+i,
// a symbol no text contains.
const conceptBase = 0xE000

// Finder finds, among a fixed set of precedents, the one a sentence
// repeats. It is safe for concurrent use; to add precedents build a new
// one (it takes milliseconds for thousands) and swap it in.
type Finder struct {
	opt      FinderOptions
	concepts *conceptSet
	entries  []fentry
	post     map[uint64][]int32 // bigram -> entries having it
	Weights
}

// Weights are the bigram weights a finder scores with (learnWeights).
type Weights struct {
	weights map[uint64]float64 // bigram -> weight; missing: unseen
	unseen  float64            // the weight of a bigram the background lacks
}

// LearnWeights learns bigram weights from background text, read with the
// concepts, for FinderOptions.Weights.
func LearnWeights(background []string, concepts []Concept) *Weights {
	f := &Finder{opt: FinderOptions{Concepts: concepts}, concepts: newConceptSet(concepts)}
	f.learnWeights(background)
	return &f.Weights
}

type fentry struct {
	p        Precedent
	grams    map[uint64]int // bigram counts of the normalised clause
	ngrams   int            // their total
	total    float64        // their weight
	concepts []rune         // the concepts the clause names, each once
}

// weight is the weight of bigram g.
func (f *Finder) weight(g uint64) float64 {
	if w, ok := f.weights[g]; ok {
		return w
	}
	return f.unseen
}

// learnWeights sets each bigram's weight to its smoothed inverse document
// frequency in the background: 1 + ln((N+1)/(df+1)).
func (f *Finder) learnWeights(docs []string) {
	f.unseen = 1
	if len(docs) == 0 {
		return
	}
	df := map[uint64]int{}
	for _, d := range docs {
		rs, _, _ := f.norm(d)
		seen := map[uint64]bool{}
		for i := 0; i+1 < len(rs); i++ {
			if g := gram(rs[i], rs[i+1]); !seen[g] {
				seen[g] = true
				df[g]++
			}
		}
	}
	n := float64(len(docs))
	f.weights = make(map[uint64]float64, len(df))
	for g, c := range df {
		f.weights[g] = 1 + math.Log((n+1)/(float64(c)+1))
	}
	f.unseen = 1 + math.Log(n+1)
}

// NewFinder prepares ps for finding. Precedents whose clause is too short
// to be told from ordinary wording are left out.
func NewFinder(ps []Precedent, opt FinderOptions) *Finder {
	if opt.Similarity <= 0 {
		opt.Similarity = FindSimilarity
		if len(opt.Concepts) > 0 {
			opt.Similarity = FindSimilarityConcepts
		}
	}
	f := &Finder{opt: opt, concepts: newConceptSet(opt.Concepts), post: map[uint64][]int32{}}
	if opt.Weights != nil {
		f.Weights = *opt.Weights
	} else {
		f.learnWeights(opt.Background)
	}
	for _, p := range ps {
		rs, _, _ := f.norm(p.Clause)
		if len(rs) < MinClauseRunes {
			continue
		}
		e := fentry{p: p, grams: map[uint64]int{}, concepts: conceptsOf(rs)}
		for i := 0; i+1 < len(rs); i++ {
			g := gram(rs[i], rs[i+1])
			e.grams[g]++
			e.ngrams++
			e.total += f.weight(g)
		}
		id := int32(len(f.entries))
		for g := range e.grams {
			f.post[g] = append(f.post[g], id)
		}
		f.entries = append(f.entries, e)
	}
	return f
}

// Len is the number of precedents that can be found.
func (f *Finder) Len() int { return len(f.entries) }

// Find returns the unlawful precedent the sentence repeats, or nil. docType
// is the draft's type; it is not used to choose today (a clause unlawful in
// a 村规民约 is no better in a 决定) but belongs to the question.
//
// Lawful precedents never make a finding. One weighs against an unlawful
// one of at most the same similarity — reviewers judged this wording
// lawful — unless the unlawful one is public (a published verdict
// outweighs a local dismissal) or its rule is grave.
func (f *Finder) Find(sentence, docType string) (*Match, error) {
	_ = docType
	if f == nil {
		return nil, nil
	}
	var best, lawful *Match
	f.scan(sentence, func(m *Match) {
		slot := &best
		if m.Precedent.Verdict == Lawful {
			slot = &lawful
		}
		if *slot == nil || better(m, *slot) {
			*slot = m
		}
	})
	if best == nil {
		return nil, nil
	}
	if lawful != nil && lawful.Similarity >= best.Similarity && best.Precedent.Source != SourcePublic &&
		(f.opt.Grave == nil || !f.opt.Grave(best.Precedent.Rule)) {
		return nil, nil
	}
	return best, nil
}

// scan calls fn with every precedent the sentence matches at the
// finder's similarity or above: similar enough on its best window, and
// naming at least half of the clause's concepts there.
func (f *Finder) scan(sentence string, fn func(m *Match)) {
	if f == nil || len(f.entries) == 0 {
		return
	}
	floor := f.opt.Similarity
	rs, from, to := f.norm(sentence)
	if len(rs) < 2 {
		return
	}
	seq := make([]uint64, len(rs)-1)
	ws := make([]float64, len(seq))
	// The weight each entry shares with the sentence, in a slice rather
	// than a map: the finder is asked about every sentence of a draft.
	shared := make([]float64, len(f.entries))
	var touched []int32
	slot := make([]int, len(seq))
	seen := make(map[uint64]int, len(seq))
	for i := range seq {
		g := gram(rs[i], rs[i+1])
		seq[i], ws[i] = g, f.weight(g)
		if s, dup := seen[g]; dup {
			slot[i] = s
			continue
		}
		slot[i] = len(seen)
		seen[g] = slot[i]
		for _, id := range f.post[g] {
			if shared[id] == 0 {
				touched = append(touched, id)
			}
			shared[id] += ws[i] * float64(f.entries[id].grams[g])
		}
	}
	for _, id := range touched {
		o := shared[id]
		e := &f.entries[id]
		// No window shares more weight than the whole sentence does, and
		// 2o/(P+W) with W >= o grows with o: a bound on any window.
		if 2*o < floor*(e.total+o) {
			continue
		}
		sim, a, b := bestWindow(e, seq, ws, slot, len(seen))
		if sim < floor || !coversConcepts(e.concepts, rs[a:min(b+1, len(rs))]) {
			continue
		}
		fn(&Match{Precedent: e.p, Similarity: sim, Start: from[a], End: to[b] + 1})
	}
}

// conceptsOf lists the concept symbols in rs, each once.
func conceptsOf(rs []rune) []rune {
	var out []rune
	for _, r := range rs {
		if r >= conceptBase && r < conceptBase+0x1000 && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// coversConcepts reports whether the matched words name at least half of
// the concepts of the precedent's clause. What was judged unlawful is what
// the concepts say (a supplier named, a move out forbidden, a share
// withheld); a sentence that shares the clause's topic words and none of
// that (应当符合户外广告设置规划 against 户外广告设置要严格按照某公司申请) is
// not the same clause. A clause without concepts is matched on its words.
func coversConcepts(want, window []rune) bool {
	if len(want) == 0 {
		return true
	}
	n := 0
	for _, c := range want {
		if slices.Contains(window, c) {
			n++
		}
	}
	return 2*n >= len(want)
}

// better orders matches: more similar, then public before local (a
// published verdict is the stronger reference), then newer, then by id.
func better(a, b *Match) bool {
	if a.Similarity != b.Similarity {
		return a.Similarity > b.Similarity
	}
	if pa, pb := a.Precedent.Source == SourcePublic, b.Precedent.Source == SourcePublic; pa != pb {
		return pa
	}
	if a.Precedent.Date != b.Precedent.Date {
		return a.Precedent.Date > b.Precedent.Date
	}
	return a.Precedent.ID < b.Precedent.ID
}

// bestWindow slides a window of the clause's length (and one a quarter
// longer, for a word inserted into it) over the sentence's bigrams (seq,
// weights ws) and returns the best weighted Dice coefficient with the
// clause and the window's bigram positions [a, b).
//
// slot numbers the sentence's distinct bigrams (nslots of them), so that
// the window's counts are a slice and not a map.
func bestWindow(e *fentry, seq []uint64, ws []float64, slot []int, nslots int) (sim float64, a, b int) {
	// need[i] is how often the clause has the sentence's i-th bigram.
	need := make([]int, len(seq))
	for i, g := range seq {
		need[i] = e.grams[g]
	}
	have := make([]int, nslots)
	for _, w := range []int{e.ngrams, e.ngrams + (e.ngrams+3)/4} {
		w = min(w, len(seq))
		clear(have)
		overlap, inWindow := 0.0, 0.0
		add := func(i, d int) {
			c := have[slot[i]]
			have[slot[i]] = c + d
			overlap += float64(min(c+d, need[i])-min(c, need[i])) * ws[i]
			inWindow += float64(d) * ws[i]
		}
		for i := 0; i < len(seq); i++ {
			add(i, 1)
			if i >= w {
				add(i-w, -1)
			}
			if i+1 < w {
				continue
			}
			if s := 2 * overlap / (e.total + inWindow); s > sim+1e-12 {
				sim, a, b = s, i+1-w, i+1
			}
		}
		if w == len(seq) {
			break
		}
	}
	// Trim the window to the bigrams the clause has, so the quoted stretch
	// starts and ends on shared wording.
	for a < b && e.grams[seq[a]] == 0 {
		a++
	}
	for b > a && e.grams[seq[b-1]] == 0 {
		b--
	}
	return min(sim, 1), a, b
}

func gram(a, b rune) uint64 { return uint64(a)<<32 | uint64(uint32(b)) }

// norm is normRunes with the finder's concepts.
func (f *Finder) norm(s string) (out []rune, from, to []int) {
	return normRunes(s, f.concepts.spans(s))
}

// cspan is a concept's wording in a text: rune offsets [start, end) and the
// concept's symbol.
type cspan struct {
	start, end int
	sym        rune
}

// conceptSet is a finder's concepts with the automaton of their anchors.
type conceptSet struct {
	cs      []Concept
	ac      *ahocorasick.Matcher // nil: no concept has anchors
	anchors []string             // the distinct anchors, by the automaton's ids
	clauses [][][]int32          // per concept, its anchor conditions as ids
}

func newConceptSet(cs []Concept) *conceptSet {
	k := &conceptSet{cs: cs, clauses: make([][][]int32, len(cs))}
	ids := map[string]int32{}
	for i, c := range cs {
		for _, clause := range c.Anchors {
			if slices.Contains(clause, "") {
				continue // holds everywhere, and the automaton never reports ""
			}
			var cl []int32
			for _, a := range clause {
				id, ok := ids[a]
				if !ok {
					id = int32(len(k.anchors))
					ids[a] = id
					k.anchors = append(k.anchors, a)
				}
				cl = append(cl, id)
			}
			k.clauses[i] = append(k.clauses[i], cl)
		}
	}
	if len(k.anchors) > 0 {
		k.ac = ahocorasick.New(k.anchors)
	}
	return k
}

// present says which anchors occur in s (by the automaton's ids), in one
// pass of the automaton.
func (k *conceptSet) present(s string) []bool {
	if k.ac == nil {
		return nil
	}
	p := make([]bool, len(k.anchors))
	k.ac.Scan(s, func(id int32) { p[id] = true })
	return p
}

// mayOccur reports whether concept i can match in seg, a stretch of s
// whose anchors are present: one anchor of each of its conditions occurs
// in seg.
func (k *conceptSet) mayOccur(present []bool, i int, seg, s string) bool {
	for _, clause := range k.clauses[i] {
		if !slices.ContainsFunc(clause, func(id int32) bool {
			return present[id] && (len(seg) == len(s) || strings.Contains(seg, k.anchors[id]))
		}) {
			return false
		}
	}
	return true
}

// ConceptMatcher says which of a list of concepts a text holds, running a
// concept's pattern only where its anchors occur, as a finder does.
type ConceptMatcher struct{ k *conceptSet }

// NewConceptMatcher builds the anchors' automaton of cs once.
func NewConceptMatcher(cs []Concept) *ConceptMatcher {
	return &ConceptMatcher{k: newConceptSet(cs)}
}

// Holds returns the concepts whose pattern matches somewhere in s, in the
// order of cs.
func (m *ConceptMatcher) Holds(s string) []Concept {
	k := m.k
	present := k.present(s)
	var out []Concept
	for i, c := range k.cs {
		if k.mayOccur(present, i, s, s) && c.Pattern.MatchString(s) {
			out = append(out, c)
		}
	}
	return out
}

// spans finds the concepts' wordings in s. Concepts are taken in their
// order, the earlier ones first: a later concept is looked for only in the
// text no earlier one took, so a narrow concept listed first (迁离, moving
// out) keeps its words from a broad one listed later (a place name that
// would swallow 迁离本区).
//
// A concept's pattern runs only on the stretches of free text that hold
// one anchor of each of its conditions: one pass of the automaton says
// which anchors s holds at all, and only those are looked for in a
// stretch. The concepts' alternations of a hundred words made the
// regexp's backtracker nine tenths of learning the weights from the
// background, which every process that reviews does at start.
func (k *conceptSet) spans(s string) []cspan {
	if len(k.cs) == 0 {
		return nil
	}
	present := k.present(s)
	offs := make([]int, 0, len(s)+1) // rune index -> byte offset
	for b := range s {
		offs = append(offs, b)
	}
	n := len(offs)
	offs = append(offs, len(s))
	var taken []cspan // sorted by start
	for i, c := range k.cs {
		var found []cspan
		free := 0
		for j := 0; j <= len(taken); j++ {
			end := n
			if j < len(taken) {
				end = taken[j].start
			}
			if end > free {
				seg := s[offs[free]:offs[end]]
				if k.mayOccur(present, i, seg, s) {
					for _, loc := range c.Pattern.FindAllStringIndex(seg, -1) {
						if loc[1] > loc[0] {
							st := free + utf8.RuneCountInString(seg[:loc[0]])
							found = append(found, cspan{st, st + utf8.RuneCountInString(seg[loc[0]:loc[1]]), rune(conceptBase + i)})
						}
					}
				}
			}
			if j < len(taken) {
				free = taken[j].end
			}
		}
		if len(found) > 0 {
			taken = append(taken, found...)
			sort.Slice(taken, func(a, b int) bool { return taken[a].start < taken[b].start })
		}
	}
	return taken
}

// normRunes folds s like Normalize, replaces every run of digits with one
// '#' and every concept span with its symbol; from and to map each kept
// rune to the rune offsets in s of its first and last character (they
// differ for a run of digits or a concept).
func normRunes(s string, spans []cspan) (out []rune, from, to []int) {
	i := 0
	digits := false
	for _, r := range s {
		if len(spans) > 0 && i >= spans[0].start {
			if i == spans[0].start {
				out, from, to = append(out, spans[0].sym), append(from, i), append(to, spans[0].end-1)
				digits = false
			}
			if i+1 >= spans[0].end {
				spans = spans[1:]
			}
			i++
			continue
		}
		if r >= 0xFF01 && r <= 0xFF5E {
			r = r - 0xFF01 + '!'
		}
		switch {
		case unicode.IsDigit(r):
			if digits {
				to[len(to)-1] = i
			} else {
				out, from, to = append(out, '#'), append(from, i), append(to, i)
			}
			digits = true
		case unicode.IsLetter(r):
			out, from, to = append(out, unicode.ToLower(r)), append(from, i), append(to, i)
			digits = false
		default:
			digits = false
		}
		i++
	}
	return out, from, to
}
