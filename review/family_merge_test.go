package review

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestFamilyMerged counts, on testdata/real reviewed under the labelled
// type, the places that carry two or more rules of the 公平竞争 item (the
// signing rule and its merged list), and lists the labels of the item that
// a place of a neighbouring rule of the item covers while their own rule
// is absent ("family naming": the clause has the elements of two
// categories, the engine named one). Development figures, printed with -v;
// nothing fails.
func TestFamilyMerged(t *testing.T) {
	docs := loadReal(t, realDir)
	if len(docs) == 0 {
		t.Skip("no real documents")
	}
	e := testEngine(t)
	family := map[string]bool{}
	for _, r := range e.Rules() {
		if r.Item == "公平竞争" && !r.Manual {
			family[r.ID] = true
		}
	}
	places, multi := 0, 0
	pairs := map[string]int{}
	var naming, listed []string
	for _, d := range docs {
		rep := reviewGiven(t, e, d)
		for _, f := range rep.Findings {
			if !clauseFinding(f) || !family[f.Rule] {
				continue
			}
			places++
			ids := []string{f.Rule}
			for _, m := range f.Merged {
				if family[m] && !contains(ids, m) {
					ids = append(ids, m)
				}
			}
			if len(ids) > 1 {
				multi++
				sort.Strings(ids)
				pairs[strings.Join(ids, "+")]++
				listed = append(listed, fmt.Sprintf("%s: %s+%s: %q", d.name, f.Rule, strings.Join(f.Merged, "+"), f.Quote))
			}
		}
		for _, l := range d.labels.Findings {
			if !family[l.Rule] {
				continue
			}
			s, ok := labelSpan(d.text, l)
			if !ok {
				continue
			}
			own, other := false, ""
			for _, f := range rep.Findings {
				if !clauseFinding(f) || f.End <= s.start || s.end <= f.Start {
					continue
				}
				if f.Rule == l.Rule || contains(f.Merged, l.Rule) {
					own = true
				} else if family[f.Rule] {
					other = f.Rule
				}
			}
			if !own && other != "" {
				naming = append(naming, fmt.Sprintf("%s: %s named %s: %q", d.name, l.Rule, other, l.Quote))
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n公平竞争 places in testdata/real: %d, with two or more of its rules: %d\n", places, multi)
	var keys []string
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %-60s %d\n", k, pairs[k])
	}
	fmt.Fprintf(&b, "labels named by a neighbour only: %d\n", len(naming))
	for _, l := range naming {
		b.WriteString("  " + l + "\n")
	}
	if os.Getenv("FAMILY_LIST") != "" {
		for _, l := range listed {
			b.WriteString("  " + l + "\n")
		}
	}
	t.Log(b.String())
}
