package precedent

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"same", "违者罚款200元。", "违者罚款200元", 1, 1},
		{"width and punctuation", "违者罚款２００元！", "违者，罚款200元", 0.99, 1},
		{"amount differs", "违反本村规民约的，罚款200元", "违反本村规民约的，罚款500元", 0.8, 0.95},
		{"word differs", "外嫁女不得享受集体收益分配", "出嫁女不得享受集体收益分配", 0.8, 0.95},
		{"unrelated", "村民应当爱护公共设施", "外嫁女不得享受集体收益分配", 0, 0.1},
		{"empty", "", "违者罚款", 0, 0},
		{"one rune each", "罚", "罚", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Similarity(tt.a, tt.b)
			if got < tt.min || got > tt.max {
				t.Errorf("Similarity(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
			}
			if back := Similarity(tt.b, tt.a); back != got {
				t.Errorf("not symmetric: %.3f vs %.3f", got, back)
			}
		})
	}
}

func TestSentenceAround(t *testing.T) {
	text := "第一条 村民应当遵纪守法。\n第二条 违反本约定的，罚款200元；情节严重的，取消福利。第三条 本约自通过之日起施行。"
	rs := []rune(text)
	find := func(s string) (int, int) {
		i := strings.Index(text, s)
		start := len([]rune(text[:i]))
		return start, start + len([]rune(s))
	}
	tests := []struct {
		quote, want string
	}{
		{"罚款200元", "第二条 违反本约定的，罚款200元；"},
		{"取消福利", "情节严重的，取消福利。"},
		{"遵纪守法", "第一条 村民应当遵纪守法。"},
		{"自通过之日起施行", "第三条 本约自通过之日起施行。"},
	}
	for _, tt := range tests {
		s, e := find(tt.quote)
		if got := SentenceAround(text, s, e); got != tt.want {
			t.Errorf("SentenceAround(%q) = %q, want %q", tt.quote, got, tt.want)
		}
	}
	if got := SentenceAround(text, 5, len(rs)+1); got != "" {
		t.Errorf("out of range: got %q", got)
	}
}

func TestSummaryAndAnonymized(t *testing.T) {
	p := Precedent{Clause: "违者罚款200元，联系电话13812345678", DocType: "村规民约", Township: "青山镇", Date: "2025-03-18",
		Verdict: Unlawful, Conclusion: "修改后合法", DocTitle: "青山村村规民约", Source: SourceReview, ReviewID: 7}
	tests := []struct {
		name string
		p    Precedent
		anon bool
		want string
	}{
		{"local", p, false, "同类表述于2025年3月在青山镇村规民约审查中被认定违法（全文结论：修改后合法）"},
		{"anonymous", p, true, "同类表述于2025年3月在村规民约审查中被认定违法（全文结论：修改后合法）"},
		{"lawful", Precedent{DocType: "规范性文件", Township: "白水镇", Date: "2024-11-02", Verdict: Lawful, Conclusion: "合法"}, false,
			"同类表述于2024年11月在白水镇规范性文件审查中被认定合法"},
		{"imported", Precedent{DocType: "村规民约", Date: "2024-06-12", Verdict: Unlawful, Publisher: "某省司法厅", Source: SourceImport}, false,
			"某省司法厅2024年公布的案例中，同类条款被认定违法"},
		{"public", Precedent{DocType: "规范性文件", Date: "2023-05-08", Verdict: Unlawful, Publisher: "市场监管总局", Source: SourcePublic,
			Basis: []Basis{{Law: "公平竞争审查条例", Article: "第九条"}, {Law: "反垄断法", Article: "第四十二条"}, {Law: "第三部", Article: "第一条"}}}, true,
			"市场监管总局2023年公布的案例中，同类条款被认定违反《公平竞争审查条例》第九条、《反垄断法》第四十二条"},
		{"public lawful", Precedent{Date: "2022-01-08", Verdict: Lawful, Publisher: "某市中级人民法院", Source: SourcePublic,
			Basis: []Basis{{Law: "民法典", Article: "第一百四十三条"}}}, false, "某市中级人民法院2022年公布的案例中，同类条款被认定合法"},
		{"imported without publisher", Precedent{DocType: "村规民约", Date: "2024-06-12", Verdict: Unlawful, Source: SourceImport}, false,
			"同类表述于2024年6月在村规民约审查中被认定违法"},
		{"no date", Precedent{Verdict: Lawful}, false, "同类表述在审查中被认定合法"},
	}
	for _, tt := range tests {
		if got := tt.p.Summary(tt.anon); got != tt.want {
			t.Errorf("%s: Summary = %q, want %q", tt.name, got, tt.want)
		}
	}
	a := p.Anonymized()
	if a.Township != "" || a.DocTitle != "" || a.ReviewID != 0 {
		t.Errorf("Anonymized kept identifying fields: %+v", a)
	}
	if a.Clause != "违者罚款200元，联系电话***********" {
		t.Errorf("Anonymized clause = %q", a.Clause)
	}
	if p.Township != "青山镇" {
		t.Error("Anonymized changed the original")
	}
}

func TestRankAndLikelyLawful(t *testing.T) {
	lawful := Precedent{ID: "a", Clause: "损坏公共设施的，照价赔偿。", Rule: "vr-fine", Verdict: Lawful, Date: "2025-04-02"}
	unlawful := Precedent{ID: "b", Clause: "违反本村规民约的，罚款200元。", Rule: "vr-fine", Verdict: Unlawful, Date: "2025-03-18"}
	otherRule := Precedent{ID: "c", Clause: "损坏公共设施的，照价赔偿。", Rule: "vr-other", Verdict: Lawful, Date: "2025-01-01"}
	far := Precedent{ID: "d", Clause: "外嫁女不得享受集体收益分配", Rule: "vr-women", Verdict: Unlawful, Date: "2025-01-01"}
	tests := []struct {
		name       string
		clause     string
		rule       string
		cands      []Precedent
		wantIDs    []string
		wantLawful string
	}{
		{"negative precedent wins", "损坏公共设施的，照价赔偿", "vr-fine", []Precedent{far, unlawful, lawful}, []string{"a"}, "a"},
		{"other rule is not enough", "损坏公共设施的，照价赔偿", "vr-fine", []Precedent{otherRule}, []string{"c"}, ""},
		{"no rule: any rule counts", "损坏公共设施的，照价赔偿", "", []Precedent{otherRule}, []string{"c"}, "c"},
		{"unlawful match", "违反本村规民约的，罚款300元", "vr-fine", []Precedent{lawful, unlawful, far}, []string{"b"}, ""},
		{"disagreement leaves it open", "损坏公共设施的，照价赔偿", "vr-fine",
			[]Precedent{lawful, {ID: "e", Clause: "损坏公共设施的，照价赔偿", Rule: "vr-fine", Verdict: Unlawful, Date: "2025-05-01"}}, []string{"e", "a"}, ""},
		{"duplicates kept once", "违反本村规民约的，罚款200元", "vr-fine", []Precedent{unlawful, func() Precedent { u := unlawful; u.ID = "b2"; return u }()}, []string{"b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Rank(tt.clause, tt.cands)
			var ids []string
			for _, s := range r {
				ids = append(ids, s.ID)
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("Rank ids = %v, want %v", ids, tt.wantIDs)
			}
			got := ""
			if l := LikelyLawful(tt.rule, r); l != nil {
				got = l.ID
			}
			if got != tt.wantLawful {
				t.Errorf("LikelyLawful = %q, want %q", got, tt.wantLawful)
			}
		})
	}
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeSample(t *testing.T) {
	ps, err := Decode(bytes.NewReader(readFile(t, "sample.jsonl")))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Fatalf("got %d records, want 3", len(ps))
	}
	if ps[0].ID != "import-sft-2024-cgmy-03" || ps[0].Source != SourceImport || len(ps[0].Basis) != 2 || ps[0].Basis[1].Article != "第十六条" {
		t.Errorf("first record: %+v", ps[0])
	}
	if ps[1].ID != ImportID(ps[1].ContentHash()) {
		t.Errorf("record without id: id %q, want its content hash", ps[1].ID)
	}
	if ps[2].Verdict != Lawful || ps[2].Reason == "" {
		t.Errorf("third record: %+v", ps[2])
	}
}

// TestDecodeErrors checks the Chinese message of each bad line against a
// golden file (go test -update rewrites it).
func TestDecodeErrors(t *testing.T) {
	_, err := Decode(bytes.NewReader(readFile(t, "bad.jsonl")))
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("want *DecodeError, got %v", err)
	}
	var b strings.Builder
	for _, l := range de.Lines {
		b.WriteString(l.Error() + "\n")
	}
	golden := filepath.Join("testdata", "bad.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := string(readFile(t, "bad.golden"))
	if b.String() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", b.String(), want)
	}
	if de.Lines[0].Line != 2 {
		t.Errorf("first bad line = %d, want 2 (line 1 is good)", de.Lines[0].Line)
	}
}

func TestDecodeCases(t *testing.T) {
	good := `{"clause":"违者罚款","verdict":"违法","date":"2025-01-01"}`
	tests := []struct {
		name    string
		in      string
		n       int
		wantErr string // substring; "" = no error
	}{
		{"empty file", "", 0, ""},
		{"bom and crlf", "\xef\xbb\xbf" + good + "\r\n\r\n", 1, ""},
		{"no final newline", good, 1, ""},
		{"unknown fields ignored", `{"clause":"x","verdict":"合法","date":"2025-01-01","new_field":1}`, 1, ""},
		{"duplicate id", `{"id":"a","clause":"x","verdict":"合法","date":"2025-01-01"}` + "\n" + `{"id":"a","clause":"y","verdict":"合法","date":"2025-01-02"}`, 0, "第 2 行：编号 id “a” 与第 1 行重复"},
		{"duplicate content", good + "\n" + good, 0, "与第 1 行重复"},
		{"two objects", good + good, 0, "一行只能有一个 JSON 对象"},
		{"bad utf8", `{"clause":"` + "\xff" + `","verdict":"合法","date":"2025-01-01"}`, 0, "UTF-8"},
		{"id with slash", `{"id":"a/b","clause":"x","verdict":"合法","date":"2025-01-01"}`, 0, "斜杠"},
		{"bad severity", `{"clause":"x","verdict":"合法","date":"2025-01-01","severity":"fatal"}`, 0, "severity"},
		{"future date", `{"clause":"x","verdict":"合法","date":"2999-01-01"}`, 0, "合理范围"},
		{"basis without law", `{"clause":"x","verdict":"合法","date":"2025-01-01","basis":[{"article":"第一条"}]}`, 0, "basis（依据）第 1 项缺少 law"},
		{"too long", `{"clause":"` + strings.Repeat("长", MaxLineBytes/3+10) + `","verdict":"合法","date":"2025-01-01"}` + "\n" + good, 0, "第 1 行：该行超过"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Decode(strings.NewReader(tt.in))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(ps) != tt.n {
					t.Fatalf("got %d records, want %d", len(ps), tt.n)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if ps != nil {
				t.Errorf("a bad file returned %d records; nothing may be half-imported", len(ps))
			}
		})
	}
}

func TestManyErrorsAreCapped(t *testing.T) {
	in := strings.Repeat("{}\n", maxErrors+5)
	_, err := Decode(strings.NewReader(in))
	var de *DecodeError
	if !errors.As(err, &de) || len(de.Lines) != maxErrors || !de.More {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "更多错误未列出") {
		t.Errorf("message does not say more errors exist: %s", err)
	}
}

// TestRoundTrip: decode, encode, decode again gives the same records, and
// encoding is stable.
func TestRoundTrip(t *testing.T) {
	ps, err := Decode(bytes.NewReader(readFile(t, "sample.jsonl")))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Encode(&out, ps); err != nil {
		t.Fatal(err)
	}
	again, err := Decode(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("re-decode: %v\n%s", err, out.String())
	}
	if !reflect.DeepEqual(ps, again) {
		t.Errorf("round trip changed records:\n%+v\n%+v", ps, again)
	}
	var out2 bytes.Buffer
	if err := Encode(&out2, again); err != nil {
		t.Fatal(err)
	}
	if out.String() != out2.String() {
		t.Errorf("encoding not stable:\n%s\n%s", out.String(), out2.String())
	}
	if strings.Contains(out.String(), `\u003c`) || !strings.Contains(out.String(), "《") && strings.Contains(out.String(), `\u300a`) {
		t.Errorf("encoded text is escaped: %s", out.String())
	}
	// A local precedent is exported under its content hash, without the
	// review it came from.
	local := Precedent{ID: LocalID(3, 9), Clause: "违者罚款", Verdict: Unlawful, Date: "2025-01-01", Source: SourceReview, ReviewID: 3, FindingID: 9}
	var lb bytes.Buffer
	if err := EncodeOne(&lb, &local); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(lb.String(), "review-3-9") || !strings.Contains(lb.String(), local.ContentHash()) {
		t.Errorf("local export = %s", lb.String())
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(readFile(f, "sample.jsonl"))
	f.Add(readFile(f, "bad.jsonl"))
	f.Add([]byte(`{"clause":"违者罚款","verdict":"违法","date":"2025-01-01"}`))
	f.Add([]byte("\xef\xbb\xbf{}\n\n{\"clause\":1}"))
	f.Add([]byte(`{"clause":"x","verdict":"合法","date":"2025-02-30","basis":[{"law":"a"}],"id":"é"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Decode(bytes.NewReader(data))
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || len(de.Lines) == 0 || ps != nil {
				t.Fatalf("bad error shape: %T %v (%d records)", err, err, len(ps))
			}
			for _, l := range de.Lines {
				if l.Line < 1 || l.Msg == "" {
					t.Fatalf("bad line error %+v", l)
				}
			}
			return
		}
		var buf bytes.Buffer
		if err := Encode(&buf, ps); err != nil {
			t.Fatal(err)
		}
		again, err := Decode(&buf)
		if err != nil {
			t.Fatalf("re-decode of own output failed: %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(ps, again) && !(len(ps) == 0 && len(again) == 0) {
			t.Fatalf("round trip changed records:\n%+v\n%+v", ps, again)
		}
	})
}

// TestLikelyLawfulOutweighed: one careless dismissal of 游街示众 must not
// make the wording lawful when the rule is grave (issue 11's regression),
// and a published unlawful verdict outweighs a local lawful one even when
// the local one is closer.
func TestLikelyLawfulOutweighed(t *testing.T) {
	clause := "由村治保会没收其财产并游街示众"
	dismissed := Precedent{ID: "review-1-1", Clause: clause, Rule: "vr-shaming", Verdict: Lawful, Date: "2025-04-01", Source: SourceReview, Reason: "倡导性规定"}
	public := Precedent{ID: "import-pub-1", Clause: "对偷盗者由村治保会没收其财产并游街示众", Rule: "vr-shaming", Verdict: Unlawful, Date: "2021-05-12",
		Source: SourcePublic, Publisher: "某市司法局"}
	publicLawful := public
	publicLawful.Verdict = Lawful
	publicOtherRule := public
	publicOtherRule.Rule = "vr-confiscate"
	localOtherRule := publicOtherRule
	localOtherRule.ID, localOtherRule.Source, localOtherRule.Publisher = "review-2-1", SourceReview, ""
	tests := []struct {
		name  string
		grave bool
		cands []Precedent
		want  string
	}{
		{"a dismissal alone", false, []Precedent{dismissed}, "review-1-1"},
		{"a grave rule is never likely lawful", true, []Precedent{dismissed}, ""},
		{"a public unlawful verdict outweighs a closer local dismissal", false, []Precedent{dismissed, public}, ""},
		{"a public lawful verdict is not outweighed by itself", false, []Precedent{publicLawful}, "import-pub-1"},
		{"a public unlawful verdict outweighs under another rule", false, []Precedent{dismissed, publicOtherRule}, ""},
		{"a local unlawful one under another rule does not", false, []Precedent{dismissed, localOtherRule}, "review-1-1"},
	}
	for _, tt := range tests {
		ranked := Rank(clause, tt.cands)
		got := ""
		if l := LikelyLawfulFor("vr-shaming", tt.grave, ranked); l != nil {
			got = l.ID
		}
		if got != tt.want {
			t.Errorf("%s: LikelyLawfulFor = %q, want %q (ranked %+v)", tt.name, got, tt.want, ranked)
		}
	}
	if Similarity(clause, public.Clause) >= 1 || Similarity(clause, public.Clause) < LawfulSimilarity {
		t.Fatalf("fixture: the public clause should be close but not the same (%.2f)", Similarity(clause, public.Clause))
	}
}
