package index

import (
	"flag"
	"fmt"
	"math"
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
	secondSeed    = 12   // issue 12
	secondPerSide = 80   // pairs drawn for each of the first judge's grades
	secondPool    = 1805 // judged pairs in queries.yaml when the sample was drawn
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

// secondGrade is one grade of testdata/search/judge2.yaml.
type secondGrade struct {
	ID    string `yaml:"id"`
	Key   string `yaml:"key"`
	Grade string `yaml:"grade"`
	Why   string `yaml:"why"`
}

// loadSecond reads the second judge's grades by query and article, and
// fails on a pair the first judge did not grade, a pair graded twice, an
// unknown grade, or a relevant or partly grade without its reason. (Grades
// added to queries.yaml later change what secondSample draws, so the file
// is checked against the sample only by TestSecondJudge, on the pool it was
// drawn from.)
func loadSecond(t testing.TB, qs []judgedQuery) map[string]map[string]string {
	t.Helper()
	first := map[pair]bool{}
	for _, q := range qs {
		for k := range q.Judged {
			first[pair{q.ID, k}] = true
		}
	}
	out := map[string]map[string]string{}
	for _, g := range loadJudged[secondGrade](t, "judge2.yaml", 1) {
		switch {
		case !first[pair{g.ID, g.Key}]:
			t.Fatalf("judge2.yaml: %s %s has no first grade in queries.yaml", g.ID, g.Key)
		case out[g.ID][g.Key] != "":
			t.Fatalf("judge2.yaml: %s %s graded twice", g.ID, g.Key)
		}
		if _, ok := grades[g.Grade]; !ok {
			t.Fatalf("judge2.yaml: %s %s graded %q", g.ID, g.Key, g.Grade)
		}
		if g.Grade != "not" && strings.TrimSpace(g.Why) == "" {
			t.Errorf("judge2.yaml: %s %s is %s without a reason", g.ID, g.Key, g.Grade)
		}
		if out[g.ID] == nil {
			out[g.ID] = map[string]string{}
		}
		out[g.ID][g.Key] = g.Grade
	}
	return out
}

// withSecond is a query's grades with the second judge's in place of the
// first's on the sampled pairs.
func withSecond(judged, second map[string]string) map[string]string {
	out := make(map[string]string, len(judged))
	for k, g := range judged {
		out[k] = g
	}
	for k, g := range second {
		out[k] = g
	}
	return out
}

// agreement is a 3×3 table of two judges' grades: m[first][second], by the
// grades' values (0 not, 1 partly, 2 relevant).
type agreement struct{ m [3][3]float64 }

func (a agreement) total() float64 {
	n := 0.0
	for i := range a.m {
		for j := range a.m[i] {
			n += a.m[i][j]
		}
	}
	return n
}

// kappa is Cohen's kappa with agreement weights w(i, j): 1 on the diagonal;
// 0 off it for the unweighted kappa, 1-|i-j|/2 for the linear-weighted.
func (a agreement) kappa(w func(i, j int) float64) float64 {
	n := a.total()
	var rows, cols [3]float64
	for i := range a.m {
		for j := range a.m[i] {
			rows[i] += a.m[i][j]
			cols[j] += a.m[i][j]
		}
	}
	po, pe := 0.0, 0.0
	for i := range a.m {
		for j := range a.m[i] {
			po += w(i, j) * a.m[i][j] / n
			pe += w(i, j) * rows[i] * cols[j] / (n * n)
		}
	}
	return (po - pe) / (1 - pe)
}

func unweighted(i, j int) float64 {
	if i == j {
		return 1
	}
	return 0
}

func linearWeight(i, j int) float64 {
	d := i - j
	if d < 0 {
		d = -d
	}
	return 1 - float64(d)/2
}

func (a agreement) String() string {
	names := []string{"not", "partly", "relevant"}
	var b strings.Builder
	fmt.Fprintf(&b, "first \\ second   %8s %8s %8s\n", names[0], names[1], names[2])
	for i := 2; i >= 0; i-- {
		fmt.Fprintf(&b, "%-16s %8.0f %8.0f %8.0f\n", names[i], a.m[i][0], a.m[i][1], a.m[i][2])
	}
	diag := a.m[0][0] + a.m[1][1] + a.m[2][2]
	fmt.Fprintf(&b, "%.0f pairs: raw agreement %.2f, Cohen's kappa %.2f, linear-weighted %.2f",
		a.total(), diag/a.total(), a.kappa(unweighted), a.kappa(linearWeight))
	return b.String()
}

// The kappas against worked examples: perfect agreement is 1, agreement no
// better than the marginals predict is 0, and one table by hand.
func TestKappa(t *testing.T) {
	for _, c := range []struct {
		m        [3][3]float64
		k, kLine float64
	}{
		{[3][3]float64{{5, 0, 0}, {0, 3, 0}, {0, 0, 2}}, 1, 1},
		{[3][3]float64{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, 0, 0},
		// po 8/12, pe 1/3 → 1/2; weighted po 19/24, pe 13/24 → 6/11
		{[3][3]float64{{3, 1, 0}, {1, 2, 1}, {1, 0, 3}}, 0.5, 6.0 / 11},
	} {
		a := agreement{c.m}
		if k := a.kappa(unweighted); math.Abs(k-c.k) > 1e-9 {
			t.Errorf("%v: kappa %.4f, want %.4f", c.m, k, c.k)
		}
		if k := a.kappa(linearWeight); math.Abs(k-c.kLine) > 1e-9 {
			t.Errorf("%v: linear-weighted kappa %.4f, want %.4f", c.m, k, c.kLine)
		}
	}
}

// TestSecondJudge compares the second judge's grades with the first's on
// the sample: the table, raw agreement and the kappas, and what the second
// judge's grades would make of the relevant articles known.
func TestSecondJudge(t *testing.T) {
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	second := loadSecond(t, qs)
	var a agreement
	n := 0
	for _, q := range qs {
		for k, g2 := range second[q.ID] {
			a.m[grades[q.Judged[k]]][grades[g2]]++
			n++
		}
	}
	t.Logf("second judge on the sample:\n%s", a)
	var pool [3]float64
	for _, q := range qs {
		for _, g := range q.Judged {
			pool[grades[g]]++
		}
	}
	if total := int(pool[0] + pool[1] + pool[2]); total == secondPool {
		for _, p := range secondSample(qs) {
			if second[p.id][p.key] == "" {
				t.Errorf("judge2.yaml: sampled pair %s %s not graded", p.id, p.key)
			}
		}
		if want := len(secondSample(qs)); n != want {
			t.Errorf("judge2.yaml grades %d pairs, the sample has %d", n, want)
		}
	} else {
		t.Logf("queries.yaml holds %d judged pairs, not the %d the sample was drawn from: judge2.yaml is not checked against a new draw", total, secondPool)
	}
	// The sample takes as many of each first grade; scaling each row to
	// the pool's count of that grade gives the agreement on the pool.
	var w agreement
	for i := range a.m {
		row := a.m[i][0] + a.m[i][1] + a.m[i][2]
		for j := range a.m[i] {
			if row > 0 {
				w.m[i][j] = pool[i] * a.m[i][j] / row
			}
		}
	}
	t.Logf("rows scaled to the pool's %.0f not, %.0f partly, %.0f relevant:\n%s", pool[0], pool[1], pool[2], w)
}
