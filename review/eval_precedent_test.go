package review

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"lawreview/corpus"
	"lawreview/review/precedent"
)

// The precedent-finding ablation (docs/eval.md, "precedent findings"):
// every draft of testdata/eval and every real document is reviewed twice,
// by the rules alone and by the rules plus findings from the public bank,
// and recall and precision are printed per batch for both.
//
// Real documents are reviewed leave-source-out (leaveSourceOut): the
// bank's entries that may come from the document's own case are left out,
// or the review would find the clauses the bank copied from it. The
// written drafts share no clause with the bank. A precedent finding counts
// as right when it lies on a labelled place, whatever the label's rule
// (its rule is "precedent"); "strict recall (+prec)" credits it only when
// the precedent's rule is the label's.
//
// PRECEDENT_BANK (folders of .jsonl, separated by ':') replaces the
// embedded bank, to measure a bank being collected; REAL_DIR points at
// another folder of real documents (a held-out batch); PRECEDENT_SIM sets
// the finder's threshold; PRECEDENT_SWEEP=1 prints the figures for a range
// of thresholds; PRECEDENT_UNWEIGHTED=1 weighs every bigram the same;
// PRECEDENT_MODE=characters or concepts runs one reading of the text
// (concepts, the CLI's, by default); PRECEDENT_ABLATION=1 runs both, the
// ablation of round 11; PRECEDENT_ALONE=1 runs the finder without rules.

// minPrecedentPrecision is the floor for precision with precedent
// findings (issue 11): they may not take it below 0.90, nor lower it
// where the rules alone are below that.
const minPrecedentPrecision = 0.90

func evalBank(t *testing.T) []precedent.Precedent {
	t.Helper()
	dirs := os.Getenv("PRECEDENT_BANK")
	if dirs == "" {
		b, err := precedent.Bank()
		if err != nil {
			t.Fatal(err)
		}
		return b.Entries
	}
	var out []precedent.Precedent
	for _, dir := range filepath.SplitList(dirs) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := precedent.Decode(fh)
			fh.Close()
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, ps...)
		}
	}
	return out
}

// evalSimilarity is PRECEDENT_SIM, or the finder's default for the mode
// (concepts or not).
func evalSimilarity(t *testing.T, concepts bool) float64 {
	s := os.Getenv("PRECEDENT_SIM")
	if s == "" && concepts {
		return precedent.FindSimilarityConcepts
	}
	if s == "" {
		return precedent.FindSimilarity
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v > 1 {
		t.Fatalf("PRECEDENT_SIM=%q: want a number in (0, 1]", s)
	}
	return v
}

// ablation is one batch's figures without and with precedent findings.
type ablation struct {
	docs, labels                 int
	strict, placed, placedWith   int // labels found by their rule; any finding on the place, rules alone / with precedents
	strictWith                   int // ... or by a precedent of the label's rule
	findings, correct            int // scored findings of the rules alone, right ones
	pFindings, pCorrect, pLawful int // precedent findings; on a labelled place; on lawful documents
}

func (a *ablation) add(b *ablation) {
	a.docs += b.docs
	a.labels += b.labels
	a.strict += b.strict
	a.strictWith += b.strictWith
	a.placed += b.placed
	a.placedWith += b.placedWith
	a.findings += b.findings
	a.correct += b.correct
	a.pFindings += b.pFindings
	a.pCorrect += b.pCorrect
	a.pLawful += b.pLawful
}

func (a *ablation) precision() float64 { return frac(a.correct, a.findings) }

func (a *ablation) precisionWith() float64 {
	return frac(a.correct+a.pCorrect, a.findings+a.pFindings)
}

// scoreAblation scores one document: rep is the review with precedent
// findings; count tells the findings precision counts.
func scoreAblation(d evalDoc, rep *Report, count func(Finding) bool, x *ablation, notes *[]string) {
	x.docs++
	type lab struct {
		evalLabel
		s span
	}
	var labs []lab
	for _, l := range d.labels.Findings {
		if s, ok := labelSpan(d.text, l); ok {
			labs = append(labs, lab{l, s})
		}
	}
	on := func(f Finding, l lab) bool { return l.s.start < f.End && f.Start < l.s.end }
	for _, l := range labs {
		x.labels++
		strict, placed, strictWith, placedWith := false, false, false, false
		for _, f := range rep.Findings {
			if !scored(f) || !on(f, l) {
				continue
			}
			if f.Rule == RulePrecedent {
				placedWith = true
				strictWith = strictWith || f.FromPrecedent.Rule == l.Rule
				continue
			}
			placed = true
			strict = strict || f.Rule == l.Rule || contains(f.Merged, l.Rule)
		}
		x.strict += b2i(strict)
		x.strictWith += b2i(strict || strictWith)
		x.placed += b2i(placed)
		x.placedWith += b2i(placed || placedWith)
	}
	for _, f := range rep.Findings {
		if !count(f) {
			continue
		}
		hit := false
		for _, l := range labs {
			if on(f, l) && (f.Rule == RulePrecedent || f.Rule == l.Rule || contains(f.Merged, l.Rule)) {
				hit = true
				break
			}
		}
		if f.Rule != RulePrecedent {
			x.findings++
			x.correct += b2i(hit)
			continue
		}
		x.pFindings++
		x.pCorrect += b2i(hit)
		if len(labs) == 0 {
			x.pLawful++
		}
		verdict := "误报"
		if hit {
			verdict = "命中"
		}
		*notes = append(*notes, fmt.Sprintf("%s: 先例意见%s %.2f %s：%q ≈ %q", d.name, verdict, f.FromPrecedent.Similarity,
			strings.TrimPrefix(f.FromPrecedent.ID, "import-"), f.Quote, f.FromPrecedent.Clause))
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// leaveSourceOut drops the bank's entries that may come from the
// document's own case: the same URL, the same case number, the same
// document title, or the same publication date — one notice is often
// reported by several outlets under different addresses and titles (a
// 居委会通知 in the real set and in the bank, 2024-04-09, two URLs). The
// date test also drops other cases published that day: the figure errs
// low, never high.
func leaveSourceOut(bank []precedent.Precedent, d realDoc) []precedent.Precedent {
	src := d.real.Source
	title := precedent.Normalize(d.title)
	var out []precedent.Precedent
	for _, p := range bank {
		if (src.URL != "" && strings.TrimSpace(p.URL) == strings.TrimSpace(src.URL)) ||
			(src.Citation != "" && strings.TrimSpace(p.Citation) == strings.TrimSpace(src.Citation)) ||
			(title != "" && precedent.Normalize(p.DocTitle) == title) ||
			(src.Date != "" && p.Date == src.Date) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// precedentModes are the finder's two readings of a text (PRECEDENT_MODE
// picks one): characters alone, and concepts (review.PrecedentConcepts) —
// the ablation of round 11.
func precedentModes(t *testing.T) []struct {
	name     string
	concepts []precedent.Concept
} {
	cs, err := PrecedentConcepts()
	if err != nil {
		t.Fatal(err)
	}
	modes := []struct {
		name     string
		concepts []precedent.Concept
	}{{"characters", nil}, {"concepts", cs}}
	// The ablation runs both readings; by default only the one the CLI
	// uses, to keep `make test` short.
	if os.Getenv("PRECEDENT_ABLATION") == "" && os.Getenv("PRECEDENT_MODE") == "" {
		return modes[1:]
	}
	if m := os.Getenv("PRECEDENT_MODE"); m != "" {
		for i, x := range modes {
			if x.name == m {
				return modes[i : i+1]
			}
		}
		t.Fatalf("PRECEDENT_MODE=%q: characters or concepts", m)
	}
	return modes
}

func TestEvalPrecedents(t *testing.T) {
	bank := evalBank(t)
	if len(bank) == 0 {
		t.Skip("the public bank is empty: nothing to find (PRECEDENT_BANK points at a bank being collected)")
	}
	laws, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	var background []string
	if os.Getenv("PRECEDENT_UNWEIGHTED") == "" {
		background = ArticleTexts(laws)
	}
	drafts := loadEval(t)
	dir := envDir("REAL_DIR", realDir)
	reals := loadReal(t, dir)
	// PRECEDENT_ALONE=1 runs the finder without the rules: what it finds by
	// itself, every sentence being asked.
	var rules []*Rule
	if os.Getenv("PRECEDENT_ALONE") != "" {
		rules = []*Rule{}
	}
	known := testEngine(t)
	var b strings.Builder
	fmt.Fprintf(&b, "\npublic bank: %d entries; real documents from %s; rules %v\n", len(bank), dir, rules == nil)
	for _, mode := range precedentModes(t) {
		weights := precedent.LearnWeights(background, mode.concepts)
		sims := []float64{evalSimilarity(t, mode.concepts != nil)}
		if os.Getenv("PRECEDENT_SWEEP") != "" {
			sims = []float64{0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9}
		}
		for _, sim := range sims {
			finder := func(ps []precedent.Precedent) *precedent.Finder {
				return precedent.NewFinder(ps, precedent.FinderOptions{Similarity: sim, Weights: weights, Concepts: mode.concepts})
			}
			e, err := New(Config{Laws: laws, Precedents: finder(bank), Rules: rules})
			if err != nil {
				t.Fatal(err)
			}
			var notes []string
			drafted := map[string]*ablation{}
			for _, d := range drafts {
				rep, err := e.Review(Input{File: d.name, Title: d.title, Text: d.text, Paragraphs: d.paras}, Options{At: reviewDate})
				if err != nil {
					t.Fatal(err)
				}
				name := evalBatch(d.name)
				if drafted[name] == nil {
					drafted[name] = &ablation{}
				}
				scoreAblation(d, rep, scored, drafted[name], &notes)
			}
			// Each real document twice: leave-source-out (the result), and
			// with its own source left in (a check that the finder finds what
			// the bank copied from it; not a result).
			real := map[string]*ablation{}
			var own ablation
			var ownNotes []string
			for _, d := range reals {
				typ := d.labels.Type
				if typ == TypeOther {
					typ = ""
				}
				in := Input{File: d.name, Title: d.title, Text: d.text, Paragraphs: d.paras}
				rep, err := e.Review(in, Options{Type: typ, At: reviewDate, Precedents: finder(leaveSourceOut(bank, d))})
				if err != nil {
					t.Fatal(err)
				}
				if real[d.real.Batch] == nil {
					real[d.real.Batch] = &ablation{}
				}
				scoreAblation(d.evalDoc, rep, clauseFinding, real[d.real.Batch], &notes)
				rep, err = e.Review(in, Options{Type: typ, At: reviewDate})
				if err != nil {
					t.Fatal(err)
				}
				scoreAblation(d.evalDoc, rep, clauseFinding, &own, &ownNotes)
			}
			// The bank's own unlawful clauses, each reviewed in its sentence
			// with every entry of its source left out (development data for
			// the rules; here a measure of what precedents add beside them).
			banked := map[string]*ablation{}
			for _, p := range bank {
				if p.Verdict != precedent.Unlawful || p.Rule == "" || known.rule(p.Rule) == nil {
					continue
				}
				head, text, clause, typ := bankInSentence(p)
				rep, err := e.Review(Input{File: p.ID, Title: head, Text: text}, Options{Type: typ, At: reviewDate, Precedents: finder(leaveBankSourceOut(bank, p))})
				if err != nil {
					t.Fatal(err)
				}
				kind := strings.SplitN(strings.TrimPrefix(p.ID, "import-pub-"), "-", 2)[0]
				if banked[kind] == nil {
					banked[kind] = &ablation{}
				}
				q := []rune(text)
				d := evalDoc{name: strings.TrimPrefix(p.ID, "import-"), text: text,
					labels: evalLabels{Findings: []evalLabel{{Rule: p.Rule, Quote: string(q[clause.start:clause.end])}}}}
				scoreAblation(d, rep, clauseFinding, banked[kind], &notes)
			}
			fmt.Fprintf(&b, "\nmode %s, threshold %.2f\n", mode.name, sim)
			sums := []*ablation{printAblation(&b, "written drafts (testdata/eval)", drafted), printAblation(&b, "real documents (leave-source-out)", real),
				printAblation(&b, "bank clauses in their sentences (leave-source-out)", banked)}
			fmt.Fprintf(&b, "real documents with their own source left in the bank (a check of the finder, not a result): place recall %s → %s, precedent findings %d/%d right\n",
				ratio(own.placed, own.labels), ratio(own.placedWith, own.labels), own.pCorrect, own.pFindings)
			if len(sims) == 1 {
				for _, n := range notes {
					b.WriteString(n + "\n")
				}
				for i, x := range sums[:2] {
					if floor := min(minPrecedentPrecision, x.precision()); x.precisionWith() < floor-1e-9 {
						t.Errorf("%s, %s: precision with precedent findings %.3f, below %.3f", mode.name, []string{"written drafts", "real documents"}[i], x.precisionWith(), floor)
					}
				}
			}
		}
	}
	t.Log(b.String())
}

// leaveBankSourceOut drops the bank's entries of p's own case: the same
// document (its title), or, for an entry that names none, the same address
// or case number. A published notice collects many cases from many places
// under one address and one date, so leaving out the whole notice would
// leave out the other cases the finder is meant to learn from; the case is
// the unit a clause was copied within.
func leaveBankSourceOut(bank []precedent.Precedent, p precedent.Precedent) []precedent.Precedent {
	title := precedent.Normalize(p.DocTitle)
	var out []precedent.Precedent
	for _, q := range bank {
		if (title != "" && precedent.Normalize(q.DocTitle) == title) ||
			(title == "" && ((p.URL != "" && q.URL == p.URL) || (p.Citation != "" && q.Citation == p.Citation))) {
			continue
		}
		out = append(out, q)
	}
	return out
}

// bankInSentence is what a review reads for a bank entry: its sentence
// under its document's title (the finder never reads a title line, and a
// bank sentence alone would be one), where the clause lies in that text,
// and the entry's type when it is one of Types ("" to detect).
func bankInSentence(p precedent.Precedent) (head, text string, clause span, typ string) {
	text, clause = bankText(p)
	head = strings.TrimSpace(p.DocTitle)
	if head == "" {
		head = "（标题）"
	}
	text = head + "\n" + text
	n := utf8.RuneCountInString(head) + 1
	clause = span{clause.start + n, clause.end + n}
	typ = p.DocType
	if !contains(Types, typ) {
		typ = ""
	}
	return head, text, clause, typ
}

// printAblation prints one set's table and returns its sum.
func printAblation(b *strings.Builder, title string, batches map[string]*ablation) *ablation {
	fmt.Fprintf(b, "%s\n%-10s %4s %6s %22s %22s %26s %12s\n", title, "batch", "docs", "labels",
		"strict recall (+prec)", "place recall (+prec)", "precision (+prec)", "prec. right")
	var names []string
	for n := range batches {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return batchLess(names[i], names[j]) })
	var all ablation
	for _, n := range names {
		printAblationRow(b, n, batches[n])
		all.add(batches[n])
	}
	printAblationRow(b, "all", &all)
	return &all
}

func printAblationRow(b *strings.Builder, name string, x *ablation) {
	fmt.Fprintf(b, "%-10s %4d %6d %22s %22s %26s %12s\n", name, x.docs, x.labels,
		fmt.Sprintf("%s → %s", ratio(x.strict, x.labels), ratio(x.strictWith, x.labels)),
		fmt.Sprintf("%s → %s", ratio(x.placed, x.labels), ratio(x.placedWith, x.labels)),
		fmt.Sprintf("%d/%d=%s → %d/%d=%s", x.correct, x.findings, ratio(x.correct, x.findings),
			x.correct+x.pCorrect, x.findings+x.pFindings, ratio(x.correct+x.pCorrect, x.findings+x.pFindings)),
		fmt.Sprintf("%d/%d (%d)", x.pCorrect, x.pFindings, x.pLawful))
}

// batchLess orders batch names numerically where they are numbers (1-5,
// 6, ..., 13) and by name otherwise.
func batchLess(a, b string) bool {
	na, ea := strconv.Atoi(strings.SplitN(a, "-", 2)[0])
	nb, eb := strconv.Atoi(strings.SplitN(b, "-", 2)[0])
	if ea == nil && eb == nil && na != nb {
		return na < nb
	}
	return a < b
}
