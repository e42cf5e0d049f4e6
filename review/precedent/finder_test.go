package precedent

import (
	"crypto/sha256"
	"fmt"
	"regexp"
	"slices"
	"testing"
)

func TestFinder(t *testing.T) {
	women := Precedent{ID: "import-pub-1", Clause: "外嫁女及其子女不再享受本村集体经济收益分配", Verdict: Unlawful, Rule: "vr-women",
		Date: "2021-05-12", Source: SourcePublic, Publisher: "某市司法局", URL: "https://example.gov.cn/1"}
	parade := Precedent{ID: "review-1-1", Clause: "由村治保会没收其财产并游街示众", Verdict: Unlawful, Rule: "vr-shaming", Date: "2025-03-01", Source: SourceReview}
	paradeOK := Precedent{ID: "review-2-1", Clause: "由村治保会没收其财产并游街示众", Verdict: Lawful, Rule: "vr-shaming", Date: "2025-04-01", Source: SourceReview}
	womenOK := Precedent{ID: "review-3-1", Clause: "外嫁女及其子女不再享受本村集体经济收益分配", Verdict: Lawful, Rule: "vr-women", Date: "2025-04-01", Source: SourceReview}
	amount := Precedent{ID: "import-2", Clause: "未按时缴纳卫生费的每户每月加收滞纳金50元", Verdict: Unlawful, Date: "2024-01-01", Source: SourceImport}
	short := Precedent{ID: "import-3", Clause: "罚款200元", Verdict: Unlawful, Date: "2024-01-01", Source: SourceImport}
	lawfulOnly := Precedent{ID: "import-4", Clause: "村民应当爱护公共设施损坏的照价赔偿", Verdict: Lawful, Date: "2024-01-01", Source: SourceImport}
	all := []Precedent{women, parade, amount, short, lawfulOnly}
	// Ordinary legal wording: the collective-income words are common,
	// 外嫁 is not.
	background := []string{"农村集体经济组织成员享受集体经济收益分配", "集体经济组织的收益分配方案应当经成员大会讨论决定",
		"村民依法享受本村集体经济组织的各项权益", "征收土地的补偿费用在集体经济组织内部分配", "村民委员会管理本村属于村农民集体所有的土地"}
	tests := []struct {
		name     string
		ps       []Precedent
		grave    func(string) bool
		sentence string
		want     string // id; "" none
		quote    string // the matched stretch of the sentence
	}{
		{"clause inside a long sentence", all, nil, "第八条 凡本村户籍的村民均享有分配权，外嫁女及其子女不再享受本村集体经济收益分配，由村民小组负责执行。",
			"import-pub-1", "外嫁女及其子女不再享受本村集体经济收益分配"},
		{"a word inserted", all, nil, "外嫁女及其未成年子女今后不再享受本村集体经济收益分配。", "import-pub-1", "外嫁女及其未成年子女今后不再享受本村集体经济收益分配"},
		{"the lawful wording around it", all, nil, "本村户籍村民依照章程平等享受本村集体经济收益分配。", "", ""},
		{"amount and width differ", all, nil, "未按时缴纳卫生费的，每户每月加收滞纳金１００元。", "import-2", "未按时缴纳卫生费的，每户每月加收滞纳金１００元"},
		{"too short to tell", all, nil, "违者罚款200元。", "", ""},
		{"lawful precedent alone", all, nil, "村民应当爱护公共设施，损坏的照价赔偿。", "", ""},
		{"unrelated", all, nil, "本公约自村民会议通过之日起施行。", "", ""},
		{"local lawful outweighs local unlawful", []Precedent{parade, paradeOK}, nil, "对偷盗者由村治保会没收其财产并游街示众。", "", ""},
		{"unless the rule is grave", []Precedent{parade, paradeOK}, func(r string) bool { return r == "vr-shaming" }, "对偷盗者由村治保会没收其财产并游街示众。",
			"review-1-1", "由村治保会没收其财产并游街示众"},
		{"public unlawful outweighs local lawful", []Precedent{women, womenOK}, nil, "外嫁女及其子女不再享受本村集体经济收益分配。", "import-pub-1", "外嫁女及其子女不再享受本村集体经济收益分配"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFinder(tt.ps, FinderOptions{Grave: tt.grave, Background: background})
			m, err := f.Find(tt.sentence, "村规民约")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if m != nil {
				got = m.Precedent.ID
			}
			if got != tt.want {
				t.Fatalf("Find = %q, want %q (match %+v)", got, tt.want, m)
			}
			if m == nil {
				return
			}
			if q := string([]rune(tt.sentence)[m.Start:m.End]); q != tt.quote {
				t.Errorf("matched %q, want %q", q, tt.quote)
			}
			if m.Similarity < FindSimilarity || m.Similarity > 1 {
				t.Errorf("similarity %.3f", m.Similarity)
			}
		})
	}
	if f := NewFinder([]Precedent{short}, FinderOptions{}); f.Len() != 0 {
		t.Errorf("a %d-rune clause can be found", len([]rune(short.Clause)))
	}
	// Without the background every bigram weighs the same, and the lawful
	// sentence's long shared tail is taken for the clause.
	lawful := "本村户籍村民依照章程平等享受本村集体经济收益分配。"
	weighted, _ := NewFinder(all, FinderOptions{Background: background, Similarity: 0.01}).Find(lawful, "")
	flat, _ := NewFinder(all, FinderOptions{Similarity: 0.01}).Find(lawful, "")
	if weighted == nil || flat == nil || weighted.Similarity >= FindSimilarity || flat.Similarity < weighted.Similarity+0.1 {
		t.Errorf("weights: lawful sentence scores %v weighted, %v flat", weighted, flat)
	}
	var nilFinder *Finder
	if m, err := nilFinder.Find("外嫁女及其子女不再享受本村集体经济收益分配", ""); m != nil || err != nil {
		t.Error("a nil finder found something")
	}
}

func TestNormRunes(t *testing.T) {
	s := "罚款２００元，共12户"
	rs, from, to := normRunes(s, nil)
	if string(rs) != "罚款#元共#户" {
		t.Fatalf("normRunes = %q", string(rs))
	}
	r := []rune(s)
	if got := string(r[from[2] : to[2]+1]); got != "２００" {
		t.Errorf("digit run maps to %q", got)
	}
	if got := string(r[from[5] : to[5]+1]); got != "12" {
		t.Errorf("second run maps to %q", got)
	}
}

// testConcepts are three concepts of the kind review.PrecedentConcepts
// builds from its word classes.
var testConcepts = []Concept{
	{Name: "MOVE_OUT", Pattern: regexp.MustCompile(`迁出|迁离|外迁`)},
	{Name: "YEARS", Pattern: regexp.MustCompile(`[0-9一二三四五六七八九十]+年内`)},
	{Name: "LOCAL", Pattern: regexp.MustCompile(`本县|本区|我县|我区|辖区内|[\p{Han}]{2,4}(?:县|区)`)},
}

// Anchors only keep a concept's pattern from text it cannot match: the
// spans are those found without them, and a concept whose anchors are
// absent finds nothing.
func TestConceptAnchors(t *testing.T) {
	anchored := slices.Clone(testConcepts)
	anchored[0].Anchors = [][]string{{"迁"}}
	anchored[1].Anchors = [][]string{{"年内"}}
	for _, s := range []string{
		"承诺10年内不迁离本区、不改变纳税义务",
		"五年内不得外迁，迁出晋安区的不予奖励",
		"本办法自发布之日起施行",
		"",
	} {
		if got, want := newConceptSet(anchored).spans(s), newConceptSet(testConcepts).spans(s); !slices.Equal(got, want) {
			t.Errorf("%q: spans %v with anchors, %v without", s, got, want)
		}
	}
	empty := slices.Clone(testConcepts)
	empty[0].Anchors = [][]string{{"", "外嫁"}}
	if got, want := newConceptSet(empty).spans("不得迁出本区"), newConceptSet(testConcepts).spans("不得迁出本区"); !slices.Equal(got, want) {
		t.Errorf("an empty anchor: spans %v, want %v", got, want)
	}
	wrong := slices.Clone(testConcepts)
	wrong[0].Anchors = [][]string{{"外嫁"}}
	if got := newConceptSet(wrong[:1]).spans("不得迁出本区"); len(got) != 0 {
		t.Errorf("a concept whose anchors are absent found %v", got)
	}
}

func TestNormRunesConcepts(t *testing.T) {
	s := "承诺10年内不迁离本区、不改变纳税义务"
	rs, from, to := normRunes(s, newConceptSet(testConcepts).spans(s))
	want := string([]rune{conceptBase + 1}) + "不" + string([]rune{conceptBase}) + string([]rune{conceptBase + 2}) + "不改变纳税义务"
	if got := string(rs); got != "承诺"+want {
		t.Fatalf("normRunes = %q, want %q", got, "承诺"+want)
	}
	r := []rune(s)
	if got := string(r[from[2] : to[2]+1]); got != "10年内" {
		t.Errorf("the years concept maps to %q", got)
	}
	if got := string(r[from[5] : to[5]+1]); got != "本区" {
		t.Errorf("the local concept maps to %q", got)
	}
}

// With concepts, a clause of the same kind in other words is found: the
// pledge not to move out of 白朗 for ten years, written for another county
// with other words for the place, the term and the move.
func TestFinderConcepts(t *testing.T) {
	p := Precedent{ID: "import-pub-2", Clause: "企业接受奖励后10年内注册地址不得迁出白朗县", Verdict: Unlawful, Date: "2023-09-20", Source: SourcePublic, Publisher: "市场监管总局", URL: "https://example.gov.cn/2"}
	sentence := "享受扶持的企业5年内注册地址不得迁离我区。"
	plain, _ := NewFinder([]Precedent{p}, FinderOptions{}).Find(sentence, "规范性文件")
	with, _ := NewFinder([]Precedent{p}, FinderOptions{Concepts: testConcepts}).Find(sentence, "规范性文件")
	if plain != nil {
		t.Errorf("characters alone found %+v", plain)
	}
	if with == nil || with.Precedent.ID != p.ID {
		t.Fatalf("concepts: found %+v, want %s", with, p.ID)
	}
	if q := string([]rune(sentence)[with.Start:with.End]); q != "企业5年内注册地址不得迁离我区" {
		t.Errorf("matched %q", q)
	}
	if m, _ := NewFinder([]Precedent{p}, FinderOptions{Concepts: testConcepts}).Find("本县企业应当依法办理注册登记。", ""); m != nil {
		t.Errorf("an unrelated sentence with one shared concept found %+v", m)
	}
}

func BenchmarkFinder(b *testing.B) {
	var ps []Precedent
	clauses := []string{"外嫁女及其子女不再享受本村集体经济收益分配", "由村治保会没收其财产并游街示众", "未按时缴纳卫生费的每户每月加收滞纳金50元",
		"本地企业在同等条件下优先承接政府采购项目", "外地企业须在本县设立分支机构方可参与投标"}
	for i := range 400 {
		c := clauses[i%len(clauses)]
		ps = append(ps, Precedent{ID: string(rune('a' + i%26)), Clause: c + string(rune('甲'+i)), Verdict: Unlawful, Date: "2024-01-01"})
	}
	f := NewFinder(ps, FinderOptions{})
	sentence := "第十二条 凡本村户籍的村民均享有分配权，已经出嫁的妇女及其子女的分配按照村民会议的决定执行，由村民小组负责执行并张榜公布。"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Find(sentence, "村规民约"); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzFind: any sentence gives no match or a match whose stretch lies in
// the sentence, with a similarity in (0, 1].
func FuzzFind(f *testing.F) {
	f.Add("第八条 外嫁女及其子女不再享受本村集体经济收益分配，由村民小组负责执行。")
	f.Add("未按时缴纳卫生费的，每户每月加收滞纳金１００元。")
	f.Add("１２３４５６７８９０罚款")
	f.Add("")
	f.Add("\xff\xfe外嫁女")
	ps := []Precedent{
		{ID: "a", Clause: "外嫁女及其子女不再享受本村集体经济收益分配", Verdict: Unlawful, Date: "2021-05-12"},
		{ID: "b", Clause: "未按时缴纳卫生费的每户每月加收滞纳金50元", Verdict: Unlawful, Date: "2024-01-01"},
		{ID: "c", Clause: "损坏公共设施的照价赔偿并由村委会罚款", Verdict: Lawful, Date: "2024-01-01"},
	}
	finder := NewFinder(ps, FinderOptions{Similarity: 0.3, Background: []string{"集体经济组织收益分配", "罚款"}, Concepts: testConcepts})
	f.Fuzz(func(t *testing.T, s string) {
		m, err := finder.Find(s, "")
		if err != nil {
			t.Fatal(err)
		}
		if m == nil {
			return
		}
		n := len([]rune(s))
		if m.Start < 0 || m.End > n || m.Start >= m.End || m.Similarity <= 0 || m.Similarity > 1 || m.Precedent.Verdict != Unlawful {
			t.Fatalf("Find(%q) = %+v (sentence of %d runes)", s, m, n)
		}
	})
}

// Weights read back are the weights written; anything else is refused.
func TestWeightsRoundTrip(t *testing.T) {
	for _, w := range []*Weights{
		LearnWeights(weightsBackground, testConcepts),
		LearnWeights(nil, nil),
	} {
		b, err := w.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got, err := UnmarshalWeights(b)
		if err != nil {
			t.Fatal(err)
		}
		if got.unseen != w.unseen || len(got.weights) != len(w.weights) {
			t.Fatalf("read back %d weights (unseen %v), wrote %d (%v)", len(got.weights), got.unseen, len(w.weights), w.unseen)
		}
		for g, v := range w.weights {
			if got.weights[g] != v {
				t.Errorf("bigram %x: read back %v, wrote %v", g, got.weights[g], v)
			}
		}
		for _, bad := range [][]byte{nil, b[:len(b)-1], append(slices.Clone(b), 0), append([]byte("xxxx"), b[4:]...)} {
			if _, err := UnmarshalWeights(bad); err == nil {
				t.Errorf("a damaged file of %d bytes was read", len(bad))
			}
		}
	}
	if WeightsKey(weightsBackground, testConcepts) == WeightsKey(weightsBackground, testConcepts[:2]) ||
		WeightsKey(weightsBackground, testConcepts) == WeightsKey(weightsBackground[:1], testConcepts) {
		t.Error("the key does not follow the concepts and the background")
	}
}

// The weights learnt from a fixed text are pinned: a change to the
// normalisation changes them, and must bump normVersion (weights.go) so
// that weights kept by older binaries are learnt again; then update the
// digest here.
func TestWeightsGolden(t *testing.T) {
	b, _ := LearnWeights(weightsBackground, testConcepts).MarshalBinary()
	const want = "1:c2732e3f9d46e34a5d3bde3c0e09957b70226d09783e99f295f065fb05347ba9"
	if got := fmt.Sprintf("%d:%x", normVersion, sha256.Sum256(b)); got != want {
		t.Errorf("weights digest %s, want %s: bump normVersion if the normalisation changed", got, want)
	}
}

var weightsBackground = []string{
	"承诺10年内不迁离本区、不改变纳税义务",
	"村民委员会应当按照规定向村民公布集体经济收益分配方案，罚款200元",
	"外嫁女及其子女依法享有本村集体经济组织成员的权益，ＡＢＣ全角字母",
}
