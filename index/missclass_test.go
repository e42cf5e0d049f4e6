package index

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

var missClass = flag.String("missclass", "", "TestMissClass: write every judged query's relevant articles missing from its five, by class, to this file (round 19)")

// TestMissClass classifies, for every judged query, each relevant article
// that is not in the five as round 18 did for one group: not retrieved (no
// candidate, or beyond the 100th), ranked 6th–100th in the law of the
// first three hits (order within a law), or ranked 6th–100th in another
// law (another law's chance match above it). Each line carries what rank
// read of the article and of the five, for choosing a lever by class.
func TestMissClass(t *testing.T) {
	if *missClass == "" {
		t.Skip("no -missclass")
	}
	ix, _ := fullIndex(t)
	defer func() { searchTrace = nil }()
	var b strings.Builder
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		var order []candidate
		var rk0 *ranker
		searchTrace = func(ranked []candidate, rk *ranker) {
			order, rk0 = append([]candidate(nil), ranked...), rk
		}
		r, err := ix.Search(context.Background(), Query{Text: q.Query, Province: evalProvince, Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		if order == nil {
			continue // answered without candidates (an article named)
		}
		feedbackOrder(order)
		five := map[string]bool{}
		var firstLaws []string
		for i, h := range r.Hits {
			five[hitKey(h)] = true
			if i < 3 {
				firstLaws = append(firstLaws, h.ShortName)
			}
		}
		at := map[string]int{}
		for i, c := range order {
			if _, ok := at[hitKey(ix.hitOf(c))]; !ok {
				at[hitKey(ix.hitOf(c))] = i
			}
		}
		desc := func(c candidate) string {
			p := rk0.parts(c, false, c.tf)
			lr := rk0.lawOf(c)
			_, _, _, chapter := unpackArt(c.art)
			text := []rune(c.text)
			return fmt.Sprintf("score=%.3f sum=%.2f matched=%.2f/%d lead=%d def=%d prior=%.2f title=%.2f lw=%.2f typed=%v\t%s\t%s",
				c.score, p.sum, p.matched, len(rk0.cs), p.lead, p.defined, p.prior, lr.title, lr.weight, p.typed,
				rk0.headings(c, chapter), strings.ReplaceAll(string(text[:min(len(text), 70)]), "\n", " "))
		}
		keys := make([]string, 0, len(q.Judged))
		for k := range q.Judged {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		missed := 0
		for _, k := range keys {
			if q.Judged[k] != "relevant" || five[k] {
				continue
			}
			missed++
			n, ok := at[k]
			class := "notret"
			extra := ""
			if ok && n < 100 {
				law, _, _ := strings.Cut(k, " ")
				class = "other"
				if slices.Contains(firstLaws, law) {
					class = "within"
				}
				extra = desc(order[n])
			}
			fmt.Fprintf(&b, "MISS\t%s\t%s\t%s\t%d\t%s\t%s\n", q.ID, q.group(), class, n+1, k, extra)
		}
		if missed == 0 {
			continue
		}
		fmt.Fprintf(&b, "QUERY\t%s\t%s\t%s\n", q.ID, q.Query, q.Need)
		for i, c := range order[:min(len(order), 10)] {
			g := q.Judged[hitKey(ix.hitOf(c))]
			if g == "" {
				g = "?"
			}
			fmt.Fprintf(&b, "TOP\t%s\t%d\t%s\t%s\t%s\n", q.ID, i+1, g, hitKey(ix.hitOf(c)), desc(c))
		}
	}
	if err := os.WriteFile(*missClass, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
