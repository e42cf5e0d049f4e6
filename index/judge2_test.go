package index

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// A second judge (issue 12): all grades of queries.yaml are one judge's,
// so a stratified sample of them is graded again, blind, by another, and
// the two are compared (testdata/search/README.md, "Second judge").
//
//	go test -run TestSecondJudgeSample ./index/ -sample2 /tmp/s   # the blind lists → /tmp/s.search
//	(grade them into testdata/search/judge2.yaml)
//	go test -run TestSecondJudge ./index/                         # the agreement
//
// The sample is drawn from the first judge's grades with a fixed seed, so
// that the same pairs come out on every machine; the lists show neither
// the first grade nor any ranking.
var sample2Out = flag.String("sample2", "", "write the blind lists of the second judge's sample into this file (.search)")

const (
	secondSeed    = 12 // issue 12
	secondPerSide = 80 // pairs drawn for each of the first judge's grades
)

// pair is one judged (query, article).
type pair struct{ id, key string }

// secondSample draws, with a fixed seed, secondPerSide pairs of each grade
// of the first judge (round-2 protocol) over all the queries: the queries
// are visited round by round in a seeded order, and each takes one pair of
// the grade whose quota is furthest from met among those it has left, so
// every query gets one pair before any gets a second.
func secondSample(qs []judgedQuery) []pair {
	r := rand.New(rand.NewPCG(secondSeed, 0))
	left := map[string]map[string][]string{} // query → grade → keys not drawn
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
		left[q.ID] = map[string][]string{}
		keys := make([]string, 0, len(q.Judged))
		for k := range q.Judged {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			g := q.Judged[k]
			left[q.ID][g] = append(left[q.ID][g], k)
		}
	}
	slices.Sort(ids)
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	quota := map[string]int{"relevant": secondPerSide, "partly": secondPerSide, "not": secondPerSide}
	var out []pair
	for drawn := true; drawn; {
		drawn = false
		for _, id := range ids {
			best := ""
			for _, g := range []string{"relevant", "partly", "not"} {
				if quota[g] > 0 && len(left[id][g]) > 0 && (best == "" || quota[g] > quota[best]) {
					best = g
				}
			}
			if best == "" {
				continue
			}
			ks := left[id][best]
			i := r.IntN(len(ks))
			out = append(out, pair{id, ks[i]})
			left[id][best] = slices.Delete(ks, i, i+1)
			quota[best]--
			drawn = true
		}
	}
	return out
}

// TestSecondJudgeSample writes the blind lists of the sample with -sample2:
// per query its words and need, then its sampled articles in an order fixed
// by a hash, each with its level, law and full text from the whole corpus.
func TestSecondJudgeSample(t *testing.T) {
	if *sample2Out == "" {
		t.Skip("no -sample2 file")
	}
	_, c := fullIndex(t)
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	byID := map[string]judgedQuery{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	j := newJudgeList()
	for _, p := range secondSample(qs) {
		q := byID[p.id]
		name, label, _ := cutKey(p.key)
		law, a, err := c.Article(name, label, time.Time{})
		if err != nil {
			t.Fatalf("%s %s: %v", p.id, p.key, err)
		}
		text := fmt.Sprintf("%s｜%s %s｜%s", law.Level, law.Name, a.Label, a.Text)
		j.put(p.id, fmt.Sprintf("%s（%s）", q.Query, q.Need), p.key, &judgeItem{grade: judgeNone, text: strings.ReplaceAll(text, "\n", " ")})
	}
	slices.Sort(j.ids)
	if err := os.WriteFile(*sample2Out+".search", []byte(j.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pairs of %d queries written to %s.search", len(secondSample(qs)), len(j.ids), *sample2Out)
}
