package review

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The learned reader's leave-batch-out cross-validation (docs/eval.md,
// "Round 40l"). Round 15's cross-validation splits the texts into five
// folds by position, so a fold's documents share their batch (their
// township, their publisher, their register) with documents the model
// trained on; its figures said the reader adds right findings at 0.80, and
// on the unseen t27 sets it added two. Here a fold is one folded held-out
// set of testdata/real (batches t17*–t26*, the set's first and second
// batches together): the model is trained without the set's documents,
// without every training sentence sharing a run of learnShared letters with
// one of them (rule examples written from them, bank clauses copied from
// them) and without the bank entries of their sources; the rules run
// first; what the reader adds is counted against the set's labels. The
// rules were tuned on these sets after they were first measured, so the
// rules leave fewer misses here than on a new set: the reader's chances
// err low, its wrong findings do not.

// learnHeldSet is the folded held-out set of a batch (t23b1 → t23b), ""
// for batches outside t17–t26.
var learnHeldSet = regexp.MustCompile(`^(t(?:1[7-9]|2[0-6])[a-z])\d$`)

// TestEvalLearnedBatches prints the leave-batch-out table. LEARN_CV=1 runs
// it; LEARN_THRESHOLDS lists the thresholds; LEARN_LIST=1 lists every
// added finding at the lowest threshold with its verdict and, on a label,
// the label's rule.
func TestEvalLearnedBatches(t *testing.T) {
	if os.Getenv("LEARN_CV") == "" {
		t.Skip("LEARN_CV not set (trains one model per folded held-out set)")
	}
	if v := os.Getenv("LEARN_CROSS"); v != "" {
		defer func(old bool) { learnCross = old }(learnCross)
		learnCross = v == "1"
	}
	e := testEngine(t)
	items, fams, units := learnMaterial(t, e)
	famOf := FamilyOf(fams)
	lr, err := newLearnReader(e.seg)
	if err != nil {
		t.Fatal(err)
	}
	ths := learnThresholds(t, "0.5,0.6,0.7,0.8,0.9,0.95")
	batch := map[string]string{}
	for _, d := range loadReal(t, realDir) {
		batch["real/"+d.name] = d.real.Batch
	}
	bySet := map[string][]int{}
	var sets []string
	for i, u := range units {
		m := learnHeldSet.FindStringSubmatch(batch[u.name])
		if m == nil {
			continue
		}
		if bySet[m[1]] == nil {
			sets = append(sets, m[1])
		}
		bySet[m[1]] = append(bySet[m[1]], i)
	}
	sort.Strings(sets)
	type rec struct {
		unit int
		set  string
		hit  LearnedHit
		// touched: some clause finding of any rule touches the sentence
		// (the scan's anyRule scope would not report it).
		touched bool
	}
	var hits, alone []rec
	base := map[int]*Report{}
	for _, set := range sets {
		skip := learnLeaveOut(items, units, bySet[set], false)
		m := learnTrain(items, fams, skip)
		for _, i := range bySet[set] {
			u := units[i]
			rep, err := e.Review(Input{File: u.name, Title: u.d.title, Text: u.d.text, Paragraphs: u.d.paras}, Options{Type: u.typ, At: reviewDate, NoLearned: true})
			if err != nil {
				t.Fatal(err)
			}
			base[i] = rep
			d := newDoc(e.seg, u.d.title, u.d.text)
			for _, h := range e.learnedScan(lr, m, fams, d, rep.Type, rep.Findings, ths[0], false) {
				// As withLearned: a sentence that sets no measure, or one an
				// exception of its rule marked for the reader holds over,
				// is not reported.
				if !setsMeasure(string(d.runes[h.Start:h.End])) {
					continue
				}
				touched := false
				for _, f := range rep.Findings {
					if !f.Document && f.Start < h.End && h.Start < f.End {
						touched = true
					}
				}
				hits = append(hits, rec{i, set, h, touched})
			}
			// The reader alone, every sentence asked whatever the rules
			// found: a larger sample of how it reads unseen documents.
			for _, h := range e.learnedScan(lr, m, fams, d, rep.Type, nil, ths[0], false) {
				if setsMeasure(string(d.runes[h.Start:h.End])) {
					alone = append(alone, rec{i, set, h, false})
				}
			}
		}
	}
	// Per hit: place = on any label; family = on a label of its family;
	// rule = on a label of its very rule; gain = of them, a label no rule
	// finding of the label's rule touched (a label the strict count gains);
	// wrong = on no label of its family; lawful = in a document with no
	// labels.
	type row struct{ added, place, family, rule, gain, wrong, lawful int }
	classify := func(r rec) (place, family, rule, gain, lawful bool, labRule string) {
		u := units[r.unit]
		on, nlab := labelsOn(u.d.text, u.d.labels.Findings, r.hit.Start, r.hit.End)
		for _, o := range on {
			l, s := o.l, o.s
			place = true
			if famOf[l.Rule] != r.hit.Family {
				continue
			}
			family = true
			if labRule == "" || l.Rule == r.hit.Rule {
				labRule = l.Rule
			}
			if l.Rule != r.hit.Rule {
				continue
			}
			rule = true
			found := false
			for _, f := range base[r.unit].Findings {
				if scored(f) && s.start < f.End && f.Start < s.end && (f.Rule == l.Rule || contains(f.Merged, l.Rule)) {
					found = true
				}
			}
			gain = gain || !found
		}
		return place, family, rule, gain, nlab == 0, labRule
	}
	var out strings.Builder
	var docs, labels, lawfulDocs int
	for _, set := range sets {
		for _, i := range bySet[set] {
			docs++
			labels += len(units[i].d.labels.Findings)
			lawfulDocs += b2i(len(units[i].d.labels.Findings) == 0)
		}
	}
	fmt.Fprintf(&out, "\nlearned reader, leave-batch-out over the folded held-out sets t17–t26 (%d sets, %d documents, %d labels, %d lawful documents): options %+v\n",
		len(sets), docs, labels, lawfulDocs, learnOptions)
	fmt.Fprintf(&out, "rows \"family\": the engine's scope (a sentence no rule of the hit's family touched); \"any\": a sentence no clause finding of any rule touched\n")
	fmt.Fprintf(&out, "%-6s %5s %6s %6s %6s %6s %6s %6s %6s %9s %9s\n", "scope", "th", "added", "place", "family", "rule", "gain", "wrong", "lawful", "prec(fam)", "prec(rule)")
	for _, scope := range []string{"family", "any"} {
		for _, th := range ths {
			var all row
			per := map[string]*row{}
			for _, r := range hits {
				if r.hit.Score < th || (scope == "any" && r.touched) {
					continue
				}
				p, f, ru, g, lw, _ := classify(r)
				for _, x := range []*row{&all, func() *row {
					if per[r.set] == nil {
						per[r.set] = &row{}
					}
					return per[r.set]
				}()} {
					x.added++
					x.place += b2i(p)
					x.family += b2i(f)
					x.rule += b2i(ru)
					x.gain += b2i(g)
					x.wrong += b2i(!f)
					x.lawful += b2i(lw)
				}
			}
			if os.Getenv("LEARN_PERSET") != "" {
				for _, set := range sets {
					if x := per[set]; x != nil {
						fmt.Fprintf(&out, "%-6s %5.2f %6d %6d %6d %6d %6d %6d %6d %9s %9s\n", set, th, x.added, x.place, x.family, x.rule, x.gain, x.wrong, x.lawful, ratio(x.family, x.added), ratio(x.rule, x.added))
					}
				}
			}
			fmt.Fprintf(&out, "%-6s %5.2f %6d %6d %6d %6d %6d %6d %6d %9s %9s\n", scope, th, all.added, all.place, all.family, all.rule, all.gain, all.wrong, all.lawful, ratio(all.family, all.added), ratio(all.rule, all.added))
		}
	}
	fmt.Fprintf(&out, "\nthe reader alone (no rule first) on the same folds: flagged sentences, on a label of their family, of its own rule, wrong, in lawful documents\n")
	fmt.Fprintf(&out, "%-6s %5s %7s %7s %7s %7s %7s %9s %9s\n", "set", "th", "flagged", "family", "rule", "wrong", "lawful", "prec(fam)", "prec(rule)")
	for _, th := range ths {
		var all row
		for _, r := range alone {
			if r.hit.Score < th {
				continue
			}
			_, f, ru, _, lw, _ := classify(r)
			all.added++
			all.family += b2i(f)
			all.rule += b2i(ru)
			all.wrong += b2i(!f)
			all.lawful += b2i(lw)
		}
		fmt.Fprintf(&out, "%-6s %5.2f %7d %7d %7d %7d %7d %9s %9s\n", "all", th, all.added, all.family, all.rule, all.wrong, all.lawful, ratio(all.family, all.added), ratio(all.rule, all.added))
	}
	if os.Getenv("LEARN_LIST") != "" {
		for _, r := range hits {
			u := units[r.unit]
			p, f, ru, _, _, lab := classify(r)
			v := "误报"
			switch {
			case ru:
				v = "本规则"
			case f:
				v = "同类(" + lab + ")"
			case p:
				v = "他类位置"
			}
			// The labels at the place, each with + when a rule's finding
			// (any rule) already touches it.
			var at []string
			for _, l := range u.d.labels.Findings {
				if s, ok := labelSpan(u.d.text, l); ok && s.start < r.hit.End && r.hit.Start < s.end {
					mark := "-"
					for _, f := range base[r.unit].Findings {
						if scored(f) && s.start < f.End && f.Start < s.end {
							mark = "+"
						}
					}
					at = append(at, l.Rule+mark)
				}
			}
			if r.touched {
				v += "(已有他规则)"
			}
			fmt.Fprintf(&out, "%s %s %.3f %s [%s] %s %s：%s  依据：%s\n", r.set, u.name, r.hit.Score, v, strings.Join(at, " "), r.hit.Family, r.hit.Rule,
				string([]rune(u.d.text)[r.hit.Start:r.hit.End]), strings.Join(learnWhy(r.hit.Why, 6), "、"))
		}
	}
	t.Log(out.String())
}
