package review

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"lawreview/review/learn"
)

// The learned reader's time split (docs/eval.md, "Round 51m"). Round 15's
// cross-validation folds by position and round 40l's leaves one folded set
// out at a time, but in both the model trains on material written after
// the scored documents: rule examples paraphrasing them, later batches of
// the same registers. A model in use only ever reads documents newer than
// everything it learned from, so here the model is trained on the tree as
// it stood before a cut — no document of a batch of that session or later,
// no training sentence sharing a run of learnShared letters with one of
// them, none of their sources' bank entries, and only the rule examples
// that existed at the commit that folded the first batch after the cut —
// and scored on the batches after the cut, after the rules (the engine's
// own withLearned, so exceptions and the measure test apply as shipped).
//
// Two splits: "valid" (train before t35, score t35–t36) is where options
// and thresholds may be chosen; "test" (train before t37, score t37–t38)
// is only read. The rules themselves are today's, tuned on t35–t37 after
// those were folded (t38 not yet): the labels the rules miss there are
// fewer than on a new set, so the reader's chances err low; its false
// findings do not.

// learnSplit is one time split: documents of batches t<cut>… to t<end-1>…
// are scored; every document of t<cut>… or later is out of training; rule
// examples are those of commit at.
type learnSplit struct {
	name     string
	cut, end int
	at       string
}

var learnSplits = []learnSplit{
	// e8c40ff4 folded t35a–c (session 36), before any rule was tuned on them.
	{"valid", 35, 37, "e8c40ff4"},
	// 12ad9d0a folded t37a–f (session 38), before any rule was tuned on them.
	{"test", 37, 1000, "12ad9d0a"},
	// 619d643f folded t38a–f (session 39): today's rule examples, the
	// model a reviewer would have had when t38 arrived.
	{"t38", 38, 1000, "619d643f"},
	// Every real document, no example left out: with LEARN_MODEL set to
	// the shipped model, what the reader adds in sample (memory, not
	// reading: the figure the time split is compared with).
	{"all", 0, 1000, ""},
}

// learnSession is the session number of a testdata/real batch (t37e2 →
// 37), or 0 for the batches before the t-numbering (ra1…sl2) and t1–t9.
var learnSession = regexp.MustCompile(`^t(\d+)[a-z]?\d*$`)

func batchSession(batch string) int {
	m := learnSession.FindStringSubmatch(batch)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// learnExamplesAt is every example sentence (trigger and pass, the rule's
// and its family's) of the rule files at commit: the rule examples a model
// of that time could have learned from.
func learnExamplesAt(t *testing.T, commit string) map[string]bool {
	t.Helper()
	out, err := exec.Command("git", "ls-tree", "--full-tree", "--name-only", commit, "review/rules/").Output()
	if err != nil {
		t.Fatalf("git ls-tree %s: %v", commit, err)
	}
	ex := map[string]bool{}
	for _, path := range strings.Fields(string(out)) {
		if !strings.HasSuffix(path, ".yaml") {
			continue
		}
		data, err := exec.Command("git", "show", commit+":"+path).Output()
		if err != nil {
			t.Fatalf("git show %s:%s: %v", commit, path, err)
		}
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			t.Fatalf("%s at %s: %v", path, commit, err)
		}
		collectExamples(&n, false, ex)
	}
	if len(ex) == 0 {
		t.Fatalf("no rule examples at %s", commit)
	}
	return ex
}

// collectExamples adds the string scalars under any "examples" key of n.
func collectExamples(n *yaml.Node, in bool, ex map[string]bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if in {
			ex[n.Value] = true
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			collectExamples(n.Content[i+1], in || n.Content[i].Value == "examples", ex)
		}
	default:
		for _, c := range n.Content {
			collectExamples(c, in, ex)
		}
	}
}

// TestEvalLearnedTime prints the time split's tables. LEARN_SPLIT=1 runs
// the splits valid and test (a name runs that one; t38 only by name); LEARN_THRESHOLDS lists the
// thresholds; LEARN_PERFAM=1 adds a row per family; LEARN_LIST=1 lists
// every learned finding at the lowest threshold; LEARN_MODEL scores with a
// model file instead of training (its own training material, whatever it
// was); LEARN_CROSS=1 turns the crossed features on.
func TestEvalLearnedTime(t *testing.T) {
	which := os.Getenv("LEARN_SPLIT")
	if which == "" {
		t.Skip("LEARN_SPLIT not set (trains one model per time split and reviews the newer batches)")
	}
	if v := os.Getenv("LEARN_CROSS"); v != "" {
		defer func(old bool) { learnCross = old }(learnCross)
		learnCross = v == "1"
	}
	for _, x := range []struct {
		env string
		p   *bool
	}{{"LEARN_BIGRAM", &learnBigrams}, {"LEARN_NOWORDS", &learnNoWords}} {
		if v := os.Getenv(x.env); v != "" {
			defer func(p *bool, old bool) { *p = old }(x.p, *x.p)
			*x.p = v == "1"
		}
	}
	e := testEngine(t)
	items, fams, units := learnMaterial(t, e)
	famOf := FamilyOf(fams)
	ths := learnThresholds(t, "0.5,0.6,0.7,0.8,0.85,0.9,0.95")
	session := map[string]int{}
	for _, d := range loadReal(t, realDir) {
		session["real/"+d.name] = batchSession(d.real.Batch)
	}
	fixed := learnModelFromEnv(t)
	var out strings.Builder
	fmt.Fprintf(&out, "\nlearned reader, time split: options %+v, cross %v, bigrams %v, no words %v, model %q\n", learnOptions, learnCross, learnBigrams, learnNoWords, os.Getenv("LEARN_MODEL"))
	for _, sp := range learnSplits {
		if (which != "1" || sp.name == "t38" || sp.name == "all") && which != sp.name {
			continue
		}
		var newer, scoredIdx []int
		for i, u := range units {
			s, ok := session[u.name]
			if !ok || s < sp.cut {
				continue
			}
			newer = append(newer, i)
			if s < sp.end {
				scoredIdx = append(scoredIdx, i)
			}
		}
		var old map[string]bool
		if sp.at != "" {
			old = learnExamplesAt(t, sp.at)
		}
		leave := learnLeaveOut(items, units, newer, false)
		var dropped, kept, ruleDropped int
		skip := func(i int) bool {
			if old != nil && items[i].src == "rule" && !old[items[i].text] {
				return true
			}
			return leave(i)
		}
		for i := range items {
			if skip(i) {
				dropped++
				if items[i].src == "rule" {
					ruleDropped++
				}
			} else {
				kept++
			}
		}
		m := fixed
		if m == nil {
			m = learnTrain(items, fams, skip)
		}
		fmt.Fprintf(&out, "\nsplit %s: scored t%d–t%d (%d documents), trained on %d sentences (%d left out, %d of them rule examples newer than %s or sharing a run with a newer document)\n",
			sp.name, sp.cut, min(sp.end-1, 99), len(scoredIdx), kept, dropped, ruleDropped, sp.at)
		for _, f := range m.Families {
			fmt.Fprintf(&out, " %s %d;", f.Name, f.Positives)
		}
		out.WriteString("\n")
		learnTimeTable(t, &out, e, m, fams, units, scoredIdx, famOf, ths)
	}
	t.Log(out.String())
}

// learnTimeRec is one scored document of a split: its review with the
// learned reader at the lowest threshold.
type learnTimeRec struct {
	u   learnUnit
	rep *Report
	// alone: the reader's hits with no rule first (every sentence asked),
	// the sentences that set a measure.
	alone []LearnedHit
}

func learnTimeTable(t *testing.T, out *strings.Builder, e *Engine, m *learn.Model, fams []LearnFamily, units []learnUnit, idx []int, famOf map[string]string, ths []float64) {
	lr, err := newLearnReader(e.seg)
	if err != nil {
		t.Fatal(err)
	}
	var recs []learnTimeRec
	for _, i := range idx {
		u := units[i]
		rep, err := e.Review(Input{File: u.name, Title: u.d.title, Text: u.d.text, Paragraphs: u.d.paras},
			Options{Type: u.typ, At: reviewDate, Learned: m, LearnedThreshold: ths[0]})
		if err != nil {
			t.Fatal(err)
		}
		d := newDoc(e.seg, u.d.title, u.d.text)
		var alone []LearnedHit
		for _, h := range e.learnedScan(lr, m, fams, d, rep.Type, nil, ths[0], false) {
			if setsMeasure(string(d.runes[h.Start:h.End])) {
				alone = append(alone, h)
			}
		}
		recs = append(recs, learnTimeRec{u, rep, alone})
	}
	famTh := learnFamilyThresholds(t)
	// keep: a finding counts at threshold th — a rule's always, a learned
	// one at or above th (or its family's own threshold, LEARN_FAMTH).
	keep := func(f Finding, th float64) bool {
		if f.Reader != ReaderLearned {
			return true
		}
		if x, ok := famTh[f.Learned.Family]; ok {
			th = x
		}
		return f.Learned.Score >= th
	}
	type row struct {
		labels, missS, missP, gainS, gainF, gainP                int
		added, onLab, onFam, wrong, inLawful, lawfulDocs, lawful int
		clause, clauseRight, ruleClause, ruleRight               int
	}
	measure := func(th float64, fam string) row {
		var r row
		for _, x := range recs {
			labs := x.u.d.labels.Findings
			if len(labs) == 0 {
				r.lawful++
			}
			touchedLawful := false
			for _, f := range x.rep.Findings {
				if !clauseFinding(f) || !keep(f, th) {
					continue
				}
				on, _ := labelsOn(x.u.d.text, labs, f.Start, f.End)
				if f.Reader != ReaderLearned {
					if fam == "" {
						r.clause++
						r.ruleClause++
						r.clauseRight += b2i(len(on) > 0)
						r.ruleRight += b2i(len(on) > 0)
					}
					continue
				}
				if fam != "" && f.Learned.Family != fam {
					continue
				}
				r.clause++
				r.clauseRight += b2i(len(on) > 0)
				r.added++
				r.onLab += b2i(len(on) > 0)
				okFam := false
				for _, o := range on {
					okFam = okFam || famOf[o.l.Rule] == f.Learned.Family
				}
				r.onFam += b2i(okFam)
				r.wrong += b2i(!okFam)
				if len(labs) == 0 {
					r.inLawful++
					touchedLawful = true
				}
			}
			r.lawfulDocs += b2i(touchedLawful)
			for _, l := range labs {
				s, ok := labelSpan(x.u.d.text, l)
				if !ok || (fam != "" && famOf[l.Rule] != fam) {
					continue
				}
				r.labels++
				var byRuleS, byRuleP, learnS, learnF, learnP bool
				for _, f := range x.rep.Findings {
					if !scored(f) || f.End <= s.start || s.end <= f.Start || !keep(f, th) {
						continue
					}
					strict := f.Rule == l.Rule || contains(f.Merged, l.Rule)
					if f.Reader != ReaderLearned {
						byRuleS = byRuleS || strict
						byRuleP = byRuleP || clauseFinding(f)
						continue
					}
					learnS = learnS || strict
					learnF = learnF || f.Learned.Family == famOf[l.Rule]
					learnP = true
				}
				r.missS += b2i(!byRuleS)
				r.missP += b2i(!byRuleP)
				r.gainS += b2i(!byRuleS && learnS)
				r.gainF += b2i(!byRuleS && learnF)
				r.gainP += b2i(!byRuleP && learnP)
			}
		}
		return r
	}
	line := func(name string, th float64, r row) {
		fmt.Fprintf(out, "%-10s %5.2f %6d %6d %6d | %5d %5d %5d | %5d %5d %5d %5d %5d %5d/%-3d | %9s %9s\n", name, th,
			r.labels, r.missS, r.missP, r.gainS, r.gainF, r.gainP, r.added, r.onLab, r.onFam, r.wrong, r.inLawful, r.lawfulDocs, r.lawful,
			ratio(r.ruleRight, r.ruleClause), ratio(r.clauseRight, r.clause))
	}
	fmt.Fprintf(out, "labels: all labels; missS/missP: of them, no finding of the label's rule / no clause finding at all (the rules alone)\n")
	fmt.Fprintf(out, "gainS: rule-missed labels a learned finding names by the label's rule; gainF: by its family; gainP: place-missed labels a learned finding touches\n")
	fmt.Fprintf(out, "added: learned findings; onLab: on any label; onFam: on a label of their family; wrong: on none of their family; inLawful: in lawful documents (documents/lawful documents)\n")
	fmt.Fprintf(out, "%-10s %5s %6s %6s %6s | %5s %5s %5s | %5s %5s %5s %5s %5s %9s | %9s %9s\n", "", "th", "labels", "missS", "missP", "gainS", "gainF", "gainP",
		"added", "onLab", "onFam", "wrong", "inLaw", "lawDocs", "prec rule", "prec +lrn")
	for _, th := range ths {
		line("all", th, measure(th, ""))
	}
	// The reader alone: how well it reads the newer documents' categories
	// whatever the rules do — on a split whose rules were tuned on its
	// documents (valid), the only sample large enough to choose by.
	fmt.Fprintf(out, "the reader alone (no rule first): labels of the model's families, found by a hit of their family; hits, on a label of their family, wrong, in lawful documents\n")
	fmt.Fprintf(out, "%-10s %5s %6s %6s %6s %6s %6s %6s %9s\n", "", "th", "labels", "found", "flagged", "right", "wrong", "inLaw", "precision")
	for _, th := range ths {
		var labels, found, flagged, right, inLaw int
		for _, x := range recs {
			for _, l := range x.u.d.labels.Findings {
				s, ok := labelSpan(x.u.d.text, l)
				if !ok || m.Family(famOf[l.Rule]) == nil {
					continue
				}
				labels++
				hit := false
				for _, h := range x.alone {
					hit = hit || (h.Score >= th && h.Family == famOf[l.Rule] && s.start < h.End && h.Start < s.end)
				}
				found += b2i(hit)
			}
			for _, h := range x.alone {
				if h.Score < th {
					continue
				}
				flagged++
				ok := false
				on, _ := labelsOn(x.u.d.text, x.u.d.labels.Findings, h.Start, h.End)
				for _, o := range on {
					ok = ok || famOf[o.l.Rule] == h.Family
				}
				right += b2i(ok)
				inLaw += b2i(len(x.u.d.labels.Findings) == 0)
			}
		}
		fmt.Fprintf(out, "%-10s %5.2f %6d %6d %6d %6d %6d %6d %9s\n", "alone", th, labels, found, flagged, right, flagged-right, inLaw, ratio(right, flagged))
	}
	if os.Getenv("LEARN_PERFAM") != "" {
		var names []string
		for _, f := range m.Families {
			names = append(names, f.Name)
		}
		sort.Strings(names)
		for _, fam := range names {
			for _, th := range ths {
				line(fam, th, measure(th, fam))
			}
		}
	}
	if os.Getenv("LEARN_LIST") != "" {
		for _, x := range recs {
			for _, f := range x.rep.Findings {
				if f.Reader != ReaderLearned || !keep(f, ths[0]) {
					continue
				}
				v := "误报"
				var at []string
				on, _ := labelsOn(x.u.d.text, x.u.d.labels.Findings, f.Start, f.End)
				for _, o := range on {
					at = append(at, o.l.Rule)
					if famOf[o.l.Rule] == f.Learned.Family {
						v = "同类"
					}
					if o.l.Rule == f.Rule {
						v = "本规则"
					}
				}
				if len(x.u.d.labels.Findings) == 0 {
					v += "(合法文件)"
				}
				fmt.Fprintf(out, "  %s %.3f %s [%s] %s %s：%s  依据：%s\n", x.u.name, f.Learned.Score, v, strings.Join(at, " "),
					f.Learned.Family, f.Rule, f.Quote, strings.Join(f.Learned.Features, "、"))
			}
		}
	}
}

// learnFamilyThresholds is LEARN_FAMTH ("family=0.9,family=0.95"): a
// family's own threshold in the split's tables, in place of the row's.
func learnFamilyThresholds(t *testing.T) map[string]float64 {
	out := map[string]float64{}
	for _, kv := range strings.Split(os.Getenv("LEARN_FAMTH"), ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("LEARN_FAMTH: %v", err)
		}
		out[k] = x
	}
	return out
}
