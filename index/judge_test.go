package index

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Judging what a ranking shows that no one has judged (testdata/search/
// README.md, "How the articles to judge were gathered"): the judge must not
// see which ranking found an article, nor where it ranked.
//
//	go test -run TestEvalSearch ./index/ -judge /tmp/j      # this ranking's unjudged top five → /tmp/j.search
//	(change the ranking) go test -run TestEvalSearch ./index/ -judge /tmp/j   # pooled into the same file
//	(grade each "?" in /tmp/j.search: relevant, partly or not; for a round-1
//	 query the round-2 grade, a slash and the round-1 grade: relevant/partly)
//	go test -run TestMergeGrades ./index/ -grades /tmp/j.search   # into queries.yaml
//
// Within a query the articles are listed in an order fixed by a hash of the
// query and the article, so the list says nothing of any ranking; a second
// ranking's articles are pooled into the same list and it is ordered again.
var (
	judgeOut = flag.String("judge", "", "pool the shown articles no one judged yet, with their text, into this file (.search, .related), shuffled")
	gradesIn = flag.String("grades", "", "merge the grades of this judged list (see -judge) into testdata/search/queries.yaml")
)

// judgeNone is the grade of an article the judge has not graded yet.
const judgeNone = "?"

// judgeList is, for each query or finding, the articles shown that no one
// has judged, with their grade once the judge gives it.
type judgeList struct {
	ids   []string
	heads map[string]string                // the query and its need, by id
	items map[string]map[string]*judgeItem // by id, then article key
}

type judgeItem struct {
	grade string
	text  string // the comment lines shown to the judge
}

func newJudgeList() *judgeList {
	return &judgeList{heads: map[string]string{}, items: map[string]map[string]*judgeItem{}}
}

func (j *judgeList) add(id, head string, keys, texts []string, judged map[string]string) {
	for i, k := range keys {
		if _, ok := judged[k]; ok {
			continue
		}
		j.put(id, head, k, &judgeItem{grade: judgeNone, text: strings.ReplaceAll(texts[i], "\n", " ")})
	}
}

func (j *judgeList) put(id, head, key string, it *judgeItem) {
	if j.items[id] == nil {
		j.ids = append(j.ids, id)
		j.heads[id] = head
		j.items[id] = map[string]*judgeItem{}
	}
	if old := j.items[id][key]; old == nil || old.grade == judgeNone {
		j.items[id][key] = it
	}
}

// shuffled orders the keys of one query by a hash of the query and the key.
func shuffled(id string, keys []string) []string {
	h := func(k string) string {
		s := sha256.Sum256([]byte(id + "\x00" + k))
		return string(s[:])
	}
	out := slices.Clone(keys)
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(h(a), h(b)) })
	return out
}

// write pools the list into the judge's file: what it holds (graded or
// not) is kept, the new articles are added.
func (j *judgeList) write(t *testing.T, suffix string) {
	t.Helper()
	if *judgeOut == "" {
		return
	}
	path := *judgeOut + suffix
	all := newJudgeList()
	if b, err := os.ReadFile(path); err == nil {
		if all, err = parseJudgeList(string(b)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	for _, id := range j.ids {
		for k, it := range j.items[id] {
			all.put(id, j.heads[id], k, it)
		}
	}
	if len(all.ids) == 0 {
		return
	}
	if err := os.WriteFile(path, []byte(all.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("unjudged articles pooled into %s", path)
}

func (j *judgeList) String() string {
	var b strings.Builder
	for _, id := range j.ids {
		fmt.Fprintf(&b, "## %s %s\n", id, j.heads[id])
		keys := make([]string, 0, len(j.items[id]))
		for k := range j.items[id] {
			keys = append(keys, k)
		}
		for _, k := range shuffled(id, keys) {
			it := j.items[id][k]
			fmt.Fprintf(&b, "%q: %s\n#   %s\n", k, it.grade, it.text)
		}
	}
	return b.String()
}

// parseJudgeList reads what String writes, with the judge's grades.
func parseJudgeList(s string) (*judgeList, error) {
	j := newJudgeList()
	var id, head, key string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			id, head, _ = strings.Cut(strings.TrimPrefix(line, "## "), " ")
			key = ""
		case strings.HasPrefix(line, "#"):
			if key != "" {
				it := j.items[id][key]
				it.text = strings.TrimSpace(strings.TrimPrefix(it.text+" "+strings.TrimSpace(strings.TrimPrefix(line, "#")), " "))
			}
		case strings.TrimSpace(line) == "":
		default:
			if id == "" {
				return nil, fmt.Errorf("line %d: an article before any \"## id\" line", n)
			}
			k, grade, ok := strings.Cut(line, ": ")
			if !ok || !strings.HasPrefix(k, `"`) || !strings.HasSuffix(k, `"`) {
				return nil, fmt.Errorf("line %d: want \"<law> <article>\": grade", n)
			}
			key = strings.Trim(k, `"`)
			j.put(id, head, key, &judgeItem{grade: strings.TrimSpace(grade)})
		}
	}
	return j, sc.Err()
}

// TestMergeGrades writes the grades of a judged list into queries.yaml,
// under each query's judged (and round1) grades; it runs only with
// -grades. A key already graded, an unknown query or grade, or a round-1
// query without its round-1 grade fails before anything is written.
func TestMergeGrades(t *testing.T) {
	if *gradesIn == "" {
		t.Skip("no -grades file")
	}
	b, err := os.ReadFile(*gradesIn)
	if err != nil {
		t.Fatal(err)
	}
	j, err := parseJudgeList(string(b))
	if err != nil {
		t.Fatalf("%s: %v", *gradesIn, err)
	}
	path := filepath.Join("..", "testdata", "search", "queries.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]judgedQuery{}
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		byID[q.ID] = q
	}
	// the lines to add under each query's judged: and round1: blocks
	add := map[string]map[string][]string{}
	n := 0
	for _, id := range j.ids {
		q, ok := byID[id]
		if !ok {
			t.Fatalf("%s: no such query", id)
		}
		for key, it := range j.items[id] {
			if it.grade == judgeNone {
				continue
			}
			g2, g1, _ := strings.Cut(it.grade, "/")
			for _, g := range []string{g2, g1} {
				if _, ok := grades[g]; !ok && g != "" {
					t.Fatalf("%s %s: grade %q", id, key, g)
				}
			}
			if _, ok := q.Judged[key]; ok {
				t.Fatalf("%s %s: graded already", id, key)
			}
			if q.Round < 2 && g1 == "" {
				t.Fatalf("%s %s: a round-1 query needs the round-1 grade too (relevant/partly)", id, key)
			}
			if add[id] == nil {
				add[id] = map[string][]string{}
			}
			add[id]["  judged:"] = append(add[id]["  judged:"], fmt.Sprintf("    %q: %s", key, g2))
			if q.Round < 2 {
				add[id]["  round1:"] = append(add[id]["  round1:"], fmt.Sprintf("    %q: %s", key, g1))
			}
			n++
		}
	}
	lines := strings.Split(string(src), "\n")
	var out []string
	id := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		out = append(out, line)
		if s, ok := strings.CutPrefix(line, "- id: "); ok {
			id = strings.TrimSpace(s)
		}
		more := add[id][line]
		if len(more) == 0 {
			continue
		}
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "    ") {
			i++
			out = append(out, lines[i])
		}
		slices.Sort(more)
		out = append(out, more...)
		delete(add[id], line)
	}
	for id, left := range add {
		if len(left) > 0 {
			t.Fatalf("%s: no judged or round1 block to add to", id)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d grades merged into %s", n, path)
}

// The judge's list keeps its grades when another ranking is pooled into
// it, and says nothing of the order in which articles were shown.
func TestJudgeListPools(t *testing.T) {
	a := newJudgeList()
	a.add("q01", "村规民约 罚款（需要）", []string{"甲法 第一条", "乙法 第二条", "丙法 第三条"}, []string{"一", "二", "三"}, map[string]string{"丙法 第三条": "not"})
	parsed, err := parseJudgeList(a.String())
	if err != nil {
		t.Fatal(err)
	}
	parsed.items["q01"]["甲法 第一条"].grade = "relevant/partly"
	b := newJudgeList()
	b.add("q01", "村规民约 罚款（需要）", []string{"丁法 第四条", "乙法 第二条", "甲法 第一条"}, []string{"四", "二", "一"}, nil)
	for k, it := range b.items["q01"] {
		parsed.put("q01", b.heads["q01"], k, it)
	}
	again, err := parseJudgeList(parsed.String())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, it := range again.items["q01"] {
		got[k] = it.grade + " " + it.text
	}
	want := map[string]string{"甲法 第一条": "relevant/partly 一", "乙法 第二条": "? 二", "丁法 第四条": "? 四"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pooled list %v, want %v", got, want)
	}
	// the order is the hash's, whatever order the rankings showed
	x := shuffled("q01", []string{"甲法 第一条", "乙法 第二条", "丁法 第四条"})
	y := shuffled("q01", []string{"丁法 第四条", "甲法 第一条", "乙法 第二条"})
	if fmt.Sprint(x) != fmt.Sprint(y) {
		t.Errorf("order depends on the ranking: %v, %v", x, y)
	}
}

// Pooling other rankings than the shipped one (README.md, "Round 9
// pools"): the judge's pool must not be only what the ranking under test
// shows, or a ranking is scored against its own blind spots.
var (
	poolWay = flag.String("pool", "", "TestEvalSearch: rank this other way (nolevel, noexpand, bm25need) for -judge; the figures are that ranking's")
	poolTop = flag.Int("pooltop", 5, "TestEvalSearch: how many of each query's hits -judge pools")
)

// poolRanking switches the ranking to one of -pool's ways, and returns
// the query text to search for q and a function that switches it back.
func poolRanking(t *testing.T, way string) (text func(q judgedQuery) string, restore func()) {
	t.Helper()
	text = func(q judgedQuery) string { return q.Query }
	var undo []func()
	set := func(p *float64, v float64) {
		old := *p
		*p = v
		undo = append(undo, func() { *p = old })
	}
	noLevel := func() {
		old := searchLevelWeight
		flat := map[string]float64{}
		for k := range old {
			flat[k] = 1
		}
		searchLevelWeight = flat
		undo = append(undo, func() { searchLevelWeight = old })
		set(&provinceWeight, 1)
		set(&cityWeight, 1)
	}
	switch way {
	case "":
	case "nolevel":
		// no prior for the level of the law or the province's own
		noLevel()
	case "noexpand":
		// the words as typed, no statutory words added (expand.txt)
		old := expansions
		expansions = nil
		undo = append(undo, func() { expansions = old })
	case "bm25need":
		// the need, not the query, scored by its words' BM25 alone: no
		// coverage, lead, definition, level, title, chapter or
		// forbid/exhort weight, nor the learned order
		text = func(q judgedQuery) string { return q.Need }
		noLevel()
		for _, p := range []*float64{&coverageExp, &leadWeight, &definitionWeight} {
			set(p, 0)
		}
		for _, p := range []*float64{&titleWeight, &titleExpansionWight, &chapterWeight, &forbidWeight, &exhortWeight} {
			set(p, 1)
		}
		old := learnedRank
		learnedRank = false
		undo = append(undo, func() { learnedRank = old })
	default:
		t.Fatalf("-pool %q: want nolevel, noexpand or bm25need", way)
	}
	return text, func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
}
