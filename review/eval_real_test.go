package review

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"lawreview/corpus/extract"
	"lawreview/review/precedent"
)

// The real-document set: published documents whose unlawful clauses a
// published verdict named (备案审查 and 公平竞争审查 cases, court judgments,
// procuratorate cases, news of corrected 村规民约), kept with their source
// under testdata/real (format: testdata/real/README.md). Unlike
// testdata/eval, nobody wrote these texts for the project, so they measure
// what a 所长 will see on the drafts townships really write.
//
// `go test ./review -run TestEvalReal -v` prints, per batch, strict recall
// with the type detected and with the type given, place recall, precision
// of clause findings, and lawful documents with a 违法 finding.
// REAL_DIR points the test at another folder of the same format (a batch
// held out of the repository until it has been measured).

const realDir = "../testdata/real"

type realLabels struct {
	Type     string      `yaml:"type"`
	Batch    string      `yaml:"batch"`
	Source   realSource  `yaml:"source"`
	Findings []realLabel `yaml:"findings"`
	// Note is the reviewer's reason for a label changed after collection
	// (a type or a finding decided again, with its article).
	Note string `yaml:"note"`
}

type realSource struct {
	Publisher string `yaml:"publisher"`
	Title     string `yaml:"title"`
	URL       string `yaml:"url"`
	Citation  string `yaml:"citation"`
	Date      string `yaml:"date"`
	Verdict   string `yaml:"verdict"`
	// Via names the public copy the text was read from (a repository
	// mirroring the page) when it is not the publisher's own page.
	Via string `yaml:"via"`
}

type realLabel struct {
	Rule   string `yaml:"rule"`
	Quote  string `yaml:"quote"`
	Nth    int    `yaml:"nth"`
	Reason string `yaml:"reason"`
	Basis  string `yaml:"basis"`
	// Note says why a label was added or changed after the set was folded
	// in: a reviewer's reading of the verdict, defensible with the article.
	Note string `yaml:"note"`
}

type realDoc struct {
	evalDoc
	real realLabels
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func loadReal(t testing.TB, dir string) []realDoc {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	mds, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	files = append(files, mds...)
	sort.Strings(files)
	var docs []realDoc
	for _, f := range files {
		if strings.EqualFold(filepath.Base(f), "README.md") {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lb, err := os.ReadFile(filepath.Join(dir, name+".labels.yaml"))
		if err != nil {
			t.Errorf("%s: labels: %v", name, err)
			continue
		}
		var labels realLabels
		dec := yaml.NewDecoder(strings.NewReader(string(lb)))
		dec.KnownFields(true)
		if err := dec.Decode(&labels); err != nil {
			t.Errorf("%s.labels.yaml: %v", name, err)
			continue
		}
		// The source is what makes a document real: without who published
		// the verdict, when and where, the labels cannot be defended.
		src := labels.Source
		if src.Publisher == "" || (src.URL == "" && src.Citation == "") || !isoDate.MatchString(src.Date) || src.Verdict == "" {
			t.Errorf("%s: source needs publisher, url or citation, date (YYYY-MM-DD) and verdict: %+v", name, src)
		}
		if labels.Batch == "" {
			t.Errorf("%s: no batch", name)
		}
		text := string(data)
		title := firstLine(text)
		var paras []extract.Paragraph
		if filepath.Ext(f) == ".md" {
			xd, err := extract.Bytes(filepath.Base(f), data, extract.Options{})
			if err != nil {
				t.Errorf("%s: extract: %v", name, err)
				continue
			}
			text, title, paras = xd.Text, xd.Title, xd.Paragraphs
		}
		ev := evalLabels{Type: labels.Type}
		for _, l := range labels.Findings {
			if l.Reason == "" || l.Basis == "" {
				t.Errorf("%s: label %q needs the verdict's reason and basis", name, l.Quote)
			}
			ev.Findings = append(ev.Findings, evalLabel{Rule: l.Rule, Quote: l.Quote, Nth: l.Nth})
		}
		docs = append(docs, realDoc{evalDoc: evalDoc{name: name, title: title, text: text, paras: paras, labels: ev}, real: labels})
	}
	return docs
}

func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// realScore is one batch's figures on the real set.
type realScore struct {
	docs, lawful, lawfulFlagged, typeRight  int
	labels, strictAuto, strictGiven, placed int
	findings, correct                       int // clause findings (type given) and those on a label of their rule
	newKind                                 int // labels whose kind no rule covers yet (rule new:…)
}

// clauseFinding tells the findings that precision counts on the real set:
// error and warning findings about a clause. Document-level findings (a
// missing 施行日期, no record of the 村民会议) are left out because most real
// documents are the clauses a verdict quoted, not the whole text; citation
// findings are left out because they are about the draft's references.
func clauseFinding(f Finding) bool {
	return scored(f) && !f.Document && !strings.HasPrefix(f.Rule, "citation-")
}

// reviewGiven reviews a real document under its labelled type (a labelled
// 其他 as unknown).
func reviewGiven(t testing.TB, e *Engine, d realDoc) *Report {
	t.Helper()
	typ := d.labels.Type
	if typ == TypeOther {
		typ = ""
	}
	rep, err := e.Review(Input{File: d.name, Title: d.title, Text: d.text, Paragraphs: d.paras}, Options{Type: typ, At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestEvalReal(t *testing.T) {
	dir := envDir("REAL_DIR", realDir)
	docs := loadReal(t, dir)
	if len(docs) == 0 {
		t.Skipf("no real documents in %s", dir)
	}
	e := testEngine(t)
	table, lines, tot, settled := scoreReal(t, e, dir, docs)
	t.Log(table + strings.Join(lines, ""))
	// The documents in the tree have been tuned on (docs/eval.md, round 10):
	// their figures must hold, as issue 10 asks of the whole real set. A
	// folder given by REAL_DIR is a batch measured before tuning on it, and
	// is only reported.
	if os.Getenv("REAL_DIR") == "" {
		if r := float64(settled.strictAuto) / float64(max(settled.labels, 1)); r < realFloorRecall {
			t.Errorf("strict recall (type detected) on the sets tuned before the latest fold %.3f, want at least %.2f", r, realFloorRecall)
		}
		if r := float64(tot.strictAuto) / float64(max(tot.labels, 1)); r < realFloorRecallAll {
			t.Errorf("strict recall (type detected) on the whole real set %.3f, want at least %.2f", r, realFloorRecallAll)
		}
		if p := float64(tot.correct) / float64(max(tot.findings, 1)); p < realFloorPrecision {
			t.Errorf("precision on the real set %.3f, want at least %.2f", p, realFloorPrecision)
		}
		if tot.lawfulFlagged > 0 {
			t.Errorf("%d lawful real documents carry a 违法 finding", tot.lawfulFlagged)
		}
	}
}

// scoreReal reviews the documents of one folder and returns the table of
// figures per batch, the lines that name each miss, false finding and
// typing error, and the totals — of the whole folder and of the sets tuned
// before the latest fold. The lines are kept apart so that a held-out set
// can be measured without anyone reading its misses.
func scoreReal(t testing.TB, e *Engine, dir string, docs []realDoc) (table string, lines []string, tot, settled realScore) {
	t.Helper()
	seen := seenWording(t, e)
	var fresh, freshFound, known, knownFound int
	batches := map[string]*realScore{}
	var order []string
	for _, d := range docs {
		bs := batches[d.real.Batch]
		if bs == nil {
			bs = &realScore{}
			batches[d.real.Batch] = bs
			order = append(order, d.real.Batch)
		}
		bs.docs++
		detected := DetectType(d.title, d.text)
		if detected == d.labels.Type {
			bs.typeRight++
		} else {
			lines = append(lines, fmt.Sprintf("%s: 类型识别为 %s，应为 %s（%s）", d.name, detected, d.labels.Type, d.title))
		}
		auto, err := e.Review(Input{File: d.name, Title: d.title, Text: d.text, Paragraphs: d.paras}, Options{At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		given := reviewGiven(t, e, d)
		checkInvariants(t, d.name, given)
		var spans []span
		for _, l := range d.labels.Findings {
			s, ok := labelSpan(d.text, l)
			if !ok {
				t.Errorf("%s: label quote %q not in text", d.name, l.Quote)
			}
			spans = append(spans, s)
			if strings.HasPrefix(l.Rule, "new:") {
				bs.newKind++
			} else if e.rule(l.Rule) == nil {
				t.Errorf("%s: label names unknown rule %s", d.name, l.Rule)
			}
		}
		if len(d.labels.Findings) == 0 {
			bs.lawful++
			for _, f := range given.Findings {
				if f.Severity == SeverityError && !f.Document {
					bs.lawfulFlagged++
					lines = append(lines, fmt.Sprintf("%s: 合法文件上的违法意见 %s：%q", d.name, f.Rule, f.Quote))
					break
				}
			}
		}
		rulesAt := func(rep *Report, s span) []string {
			var at []string
			for _, f := range rep.Findings {
				if clauseFinding(f) && f.Start < s.end && s.start < f.End {
					at = append(at, f.Rule)
				}
			}
			return at
		}
		found := func(rep *Report, i int, strict bool) bool {
			l, s := d.labels.Findings[i], spans[i]
			for _, f := range rep.Findings {
				// (Round 30.) A place is a clause's: a document-level finding (no
				// record of the 村民会议) quotes a one-line text whole and would
				// place every label in it, as precision already leaves it out.
				if !scored(f) || (!strict && !clauseFinding(f)) || f.End <= s.start || s.end <= f.Start {
					continue
				}
				if !strict || f.Rule == l.Rule || contains(f.Merged, l.Rule) {
					return true
				}
			}
			return false
		}
		for i, l := range d.labels.Findings {
			bs.labels++
			hit := found(auto, i, true)
			if hit {
				bs.strictAuto++
			}
			if seen(l.Quote) {
				known++
				if hit {
					knownFound++
				}
			} else {
				fresh++
				if hit {
					freshFound++
				}
			}
			if found(given, i, true) {
				bs.strictGiven++
			} else if at := rulesAt(given, spans[i]); len(at) > 0 {
				// Placed under another rule: the reader asks whether the two
				// rules are siblings whose boundary is arbitrary (round 30).
				lines = append(lines, fmt.Sprintf("%s: %s 漏报：%q（位置已由 %s 标出）", d.name, l.Rule, l.Quote, strings.Join(at, "、")))
			} else {
				lines = append(lines, fmt.Sprintf("%s: %s 漏报：%q", d.name, l.Rule, l.Quote))
			}
			if found(given, i, false) {
				bs.placed++
			}
		}
		for _, f := range given.Findings {
			if !clauseFinding(f) {
				continue
			}
			bs.findings++
			hit := false
			for i, l := range d.labels.Findings {
				s := spans[i]
				if f.Start < s.end && s.start < f.End && (f.Rule == l.Rule || contains(f.Merged, l.Rule)) {
					hit = true
					break
				}
			}
			if hit {
				bs.correct++
			} else {
				lines = append(lines, fmt.Sprintf("%s: %s 误报：%q", d.name, f.Rule, f.Quote))
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nreal documents in %s\n", dir)
	fmt.Fprintf(&b, "%-6s %4s %6s %14s %14s %14s %14s %10s %8s %6s\n", "batch", "docs", "labels",
		"strict(auto)", "strict(given)", "place", "precision", "lawful ok", "type ok", "no rule")
	sort.Strings(order)
	for _, name := range order {
		x := batches[name]
		printReal(&b, name, x)
		tot.add(x)
		if !latestFold(name) {
			settled.add(x)
		}
	}
	printReal(&b, "all", &tot)
	if settled.labels != tot.labels {
		printReal(&b, "tuned", &settled)
	}
	// A held-out document may quote a clause whose wording a rule's example
	// or the public bank already holds (the same published case reached the
	// tree by another road): that label says nothing about wordings nobody
	// has seen, so the strict recall is given apart for the rest.
	fmt.Fprintf(&b, "strict(auto) on labels whose wording the rules' examples or the bank hold: %d/%d; on the rest: %d/%d = %s\n",
		knownFound, known, freshFound, fresh, ratio(freshFound, fresh))
	for i := range lines {
		lines[i] += "\n"
	}
	return b.String(), lines, tot, settled
}

// Floors of the tuned real set. Issue 10 asks 0.95 recall and precision
// after tuning and no 违法 finding on a lawful document; recall held 0.95
// until round 37 folded six held-out sets (64 labels) of which about a
// quarter quote a deciding body's summary rather than the document's words
// or need facts outside the text (docs/eval.md, rounds 37a and 37b). The
// 800 labels before the fold still read 762 (0.953); the floor guards the
// whole set's 804/864 (851/912 after round 38, session 26) against
// falling, not the goal, which is open.
//
// Session 30 folded nine held-out sets at once (t29e–h, t30a–e: 314 labels
// of the registers the tool read worst, 0.04–0.68 untouched) and tuned them
// for one round only. They would pull the whole set under 0.93 without any
// regression, so the floor of 0.93 now guards the sets tuned before that
// fold, and the whole set has its own floor, just under what it reads.
// Session 32 folded t31a–d (75 labels, 13 found untouched, 51 after one
// round): the whole set reads 0.887, so its floor moves to 0.88; the floor
// of the sets tuned before stays. Session 33 folded t32a–d (97 labels, 20
// found untouched) and worked the whole set's misses by category (rounds
// 45a–c, 45o, 45v): the whole set reads 1720/1886 = 0.912, so its floor
// rises to 0.90.
const (
	realFloorRecall    = 0.93
	realFloorRecallAll = 0.90
	realFloorPrecision = 0.95
)

// latestFoldSets are the held-out sets of the latest folds (session 30,
// rounds 42a–g; session 31, rounds 43a and 43c: t30f, t30g, t30h and t30i,
// kept out through session 30 and tuned for one round; session 32, rounds
// 44a and 44c: t31a–d, measured untouched twice in session 31; session 33,
// rounds 45a–c: t32a–d, measured untouched twice in session 32; session
// 34, round 46: t33a–d, measured untouched twice in session 33; session
// 35, round 47: t34a–b, measured twice in session 34; session 36, round
// 48: t35a–c, measured twice in session 35; session 37, round 49: t36a–d,
// measured twice in session 36; session 38, round 50: t37a–f, measured
// twice in session 37; session 39, round 51: t38a–f, measured twice in
// session 38; session 40, round 52: t39a–e, measured twice in session 39),
// held to
// realFloorRecallAll with the whole set until they have been tuned for longer.
var latestFoldSets = []string{"t29e", "t29f", "t29g", "t29h", "t30a", "t30b", "t30c", "t30d", "t30e", "t30f", "t30g", "t30h", "t30i", "t31a", "t31b", "t31c", "t31d", "t32a", "t32b", "t32c", "t32d", "t33a", "t33b", "t33c", "t33d", "t34a", "t34b", "t35a", "t35b", "t35c", "t36a", "t36b", "t36c", "t36d", "t37a", "t37b", "t37c", "t37d", "t37e", "t37f", "t38a", "t38b", "t38c", "t38d", "t38e", "t38f", "t39a", "t39b", "t39c", "t39d", "t39e"}

// latestFold reports whether a batch (t29e1, t30c2 …) belongs to the
// latest fold.
func latestFold(batch string) bool {
	for _, s := range latestFoldSets {
		if strings.HasPrefix(batch, s) {
			return true
		}
	}
	return false
}

func (x *realScore) add(y *realScore) {
	x.docs += y.docs
	x.lawful += y.lawful
	x.lawfulFlagged += y.lawfulFlagged
	x.typeRight += y.typeRight
	x.labels += y.labels
	x.strictAuto += y.strictAuto
	x.strictGiven += y.strictGiven
	x.placed += y.placed
	x.findings += y.findings
	x.correct += y.correct
	x.newKind += y.newKind
}

func printReal(b *strings.Builder, name string, x *realScore) {
	fmt.Fprintf(b, "%-6s %4d %6d %14s %14s %14s %14s %10s %8s %6d\n", name, x.docs, x.labels,
		fmt.Sprintf("%d = %s", x.strictAuto, ratio(x.strictAuto, x.labels)),
		fmt.Sprintf("%d = %s", x.strictGiven, ratio(x.strictGiven, x.labels)),
		fmt.Sprintf("%d = %s", x.placed, ratio(x.placed, x.labels)),
		fmt.Sprintf("%d/%d = %s", x.correct, x.findings, ratio(x.correct, x.findings)),
		fmt.Sprintf("%d/%d", x.lawful-x.lawfulFlagged, x.lawful),
		fmt.Sprintf("%d/%d", x.typeRight, x.docs),
		x.newKind)
}

// TestEvalRealMistyped reviews every real document in the tree under each
// type it is not, and counts the labels still found under their rule. The
// held-out batches lost clauses because a document was typed 其他, 规范性文件
// or 决定 when the rules protecting villagers or competitors were scoped to
// another type; a rule whose reach follows the clause's subject (Rule.Reach)
// finds them whatever the type. This is the figure that says how much a
// typing error costs, on documents whose right type is known.
func TestEvalRealMistyped(t *testing.T) {
	docs := loadReal(t, realDir)
	if len(docs) == 0 {
		t.Skip("no real documents")
	}
	e := testEngine(t)
	per := map[string][2]int{}
	var settled [2]int // labels and found of the sets tuned before the latest fold
	var lines []string
	for _, d := range docs {
		if len(d.labels.Findings) == 0 {
			continue
		}
		var spans []span
		for _, l := range d.labels.Findings {
			s, _ := labelSpan(d.text, l)
			spans = append(spans, s)
		}
		for _, typ := range append(append([]string{}, Types...), TypeOther) {
			if typ == d.labels.Type {
				continue
			}
			rep, err := e.Review(Input{File: d.name, Title: d.title, Text: d.text, Paragraphs: d.paras}, Options{Type: typ, At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			c := per[typ]
			for i, l := range d.labels.Findings {
				c[0]++
				hit := false
				for _, f := range rep.Findings {
					if scored(f) && f.Start < spans[i].end && spans[i].start < f.End && (f.Rule == l.Rule || contains(f.Merged, l.Rule)) {
						hit = true
						break
					}
				}
				if hit {
					c[1]++
				} else {
					lines = append(lines, fmt.Sprintf("%s（%s，按%s）: %s 漏报：%q", d.name, d.labels.Type, typ, l.Rule, l.Quote))
				}
				if !latestFold(d.real.Batch) {
					settled[0]++
					if hit {
						settled[1]++
					}
				}
			}
			per[typ] = c
		}
	}
	var b strings.Builder
	b.WriteString("\nreal documents reviewed under a type they are not\n")
	var n, found int
	for _, typ := range append(append([]string{}, Types...), TypeOther) {
		c := per[typ]
		n, found = n+c[0], found+c[1]
		fmt.Fprintf(&b, "as %-6s %4d labels, %4d found = %s\n", typ, c[0], c[1], ratio(c[1], c[0]))
	}
	fmt.Fprintf(&b, "all       %4d labels, %4d found = %s\n", n, found, ratio(found, n))
	fmt.Fprintf(&b, "tuned     %4d labels, %4d found = %s (the sets tuned before the latest fold)\n", settled[0], settled[1], ratio(settled[1], settled[0]))
	if os.Getenv("REAL_MISTYPED_LIST") != "" {
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	t.Log(b.String())
	if r := float64(settled[1]) / float64(max(settled[0], 1)); r < realFloorMistyped {
		t.Errorf("strict recall under a wrong type on the sets tuned before the latest fold %.3f, want at least %.2f", r, realFloorMistyped)
	}
	if r := float64(found) / float64(max(n, 1)); r < realFloorMistypedAll {
		t.Errorf("strict recall under a wrong type on the whole set %.3f, want at least %.2f", r, realFloorMistypedAll)
	}
}

// realFloorMistyped is the least recall under a wrong type the tree's real
// set accepts: round 13's 502/595 = 0.84 less a margin (before rule reach,
// 352/595 = 0.59). It guards the sets tuned before the latest fold
// (latestFold); the whole set, with the sets of that fold read for one
// round only, has its own floor just under what it reads. (Round 45c: the
// fold of t32c alone took the whole set to 0.709 on the rules before that
// round — its epidemic labels are nd- rules that do not run under 村规民约,
// 居民公约 or 合同; with all of session 33's rounds merged the whole set reads
// 6957/9430 = 0.74, so the floor stays 0.72.)
const (
	realFloorMistyped    = 0.80
	realFloorMistypedAll = 0.72
)

// seenWording tells whether a label's quote shares a run of 12 characters
// (punctuation and spaces ignored) with a trigger or pass example of a rule
// or with a clause of the public precedent bank.
func seenWording(t testing.TB, e *Engine) func(quote string) bool {
	t.Helper()
	var known strings.Builder
	for _, r := range e.rules {
		for _, x := range append(append([]string{}, r.Examples.Trigger...), r.Examples.Pass...) {
			known.WriteString(precedent.Normalize(x))
			known.WriteString("\n")
		}
	}
	b, err := precedent.Bank()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range b.Entries {
		known.WriteString(precedent.Normalize(p.Clause))
		known.WriteString("\n")
	}
	text := known.String()
	const run = 12
	return func(quote string) bool {
		q := []rune(precedent.Normalize(quote))
		if len(q) < run {
			return strings.Contains(text, string(q))
		}
		for i := 0; i+run <= len(q); i++ {
			if strings.Contains(text, string(q[i:i+run])) {
				return true
			}
		}
		return false
	}
}
