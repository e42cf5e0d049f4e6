package precedent

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestLoadBank(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	good := `{"id":"pub-cgmy-0001","clause":"违者罚款200元","date":"2024-06-12","verdict":"违法","problem":"村委会无权罚款","basis":[{"law":"村民委员会组织法","article":"第二十七条"}],"publisher":"某市司法局","url":"https://example.gov.cn/a","source":"public"}`
	tests := []struct {
		name  string
		files map[string]string
		want  []string // fragments of the error; none: loads
	}{
		{"good", map[string]string{"bank/a.jsonl": good, "bank/README.md": "x"}, nil},
		{"empty bank", map[string]string{"bank/README.md": "x"}, nil},
		{"no id", map[string]string{"bank/a.jsonl": strings.Replace(good, `"id":"pub-cgmy-0001",`, "", 1)}, []string{"pub-"}},
		{"not public", map[string]string{"bank/a.jsonl": strings.Replace(good, `,"source":"public"`, "", 1)}, []string{"source 应为 public"}},
		{"no address", map[string]string{"bank/a.jsonl": strings.Replace(good, `"url":"https://example.gov.cn/a",`, "", 1)}, []string{"url"}},
		{"citation instead of url", map[string]string{"bank/a.jsonl": strings.Replace(good, `"url":"https://example.gov.cn/a"`, `"citation":"（2019）湘1302民初1234号"`, 1)}, nil},
		{"future", map[string]string{"bank/a.jsonl": strings.Replace(good, "2024-06-12", "2025-07-01", 1)}, []string{"晚于今天"}},
		{"unlawful without basis", map[string]string{"bank/a.jsonl": strings.Replace(good, `"basis":[{"law":"村民委员会组织法","article":"第二十七条"}],`, "", 1)}, []string{"basis"}},
		{"lawful without basis", map[string]string{"bank/a.jsonl": strings.Replace(strings.Replace(good, `"basis":[{"law":"村民委员会组织法","article":"第二十七条"}],`, "", 1), "违法", "合法", 1)}, nil},
		{"id twice across files", map[string]string{"bank/a.jsonl": good, "bank/b.jsonl": strings.Replace(good, "违者罚款200元", "违者罚款300元", 1)}, []string{"编号重复"}},
		{"same clause and url", map[string]string{"bank/a.jsonl": good + "\n" + strings.Replace(good, "0001", "0002", 1)}, []string{"同一来源的同一条款"}},
		{"bad line", map[string]string{"bank/a.jsonl": good + "\n{"}, []string{"a.jsonl", "第 2 行"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			b, err := loadBank(fsys, now)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("loadBank: %v", err)
				}
				for _, p := range b.Entries {
					if p.Source != SourcePublic || !strings.HasPrefix(p.ID, "import-pub-") {
						t.Errorf("entry %s: source %q", p.ID, p.Source)
					}
				}
				return
			}
			if err == nil {
				t.Fatalf("loadBank succeeded, want an error with %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	var be *BankError
	if _, err := loadBank(fstest.MapFS{"bank/a.jsonl": {Data: []byte(strings.Replace(good, "2024-06-12", "2026-01-01", 1))}}, now); !errors.As(err, &be) {
		t.Errorf("a future date gives %v, want a *BankError", err)
	}
}

func TestBankVersion(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	line := `{"id":"pub-x-0001","clause":"违者罚款200元","date":"2024-06-12","verdict":"合法","publisher":"某市司法局","url":"https://example.gov.cn/a","source":"public"}`
	v := func(body string) string {
		b, err := loadBank(fstest.MapFS{"bank/a.jsonl": {Data: []byte(body)}}, now)
		if err != nil {
			t.Fatal(err)
		}
		return b.Version
	}
	a, same, changed := v(line), v(line), v(strings.Replace(line, "某市", "某省", 1))
	if a != same || a == changed || !strings.HasPrefix(a, "bank-") {
		t.Errorf("versions %q %q %q: want equal for the same bank, different for a changed one", a, same, changed)
	}
}

func TestSourceRoundTrip(t *testing.T) {
	in := `{"id":"k1","clause":"甲","date":"2024-01-01","verdict":"违法","publisher":"某法院","citation":"（2020）某民初1号","case":"某村外嫁女案","source":"public"}
{"id":"k2","clause":"乙","date":"2024-01-01","verdict":"违法"}
{"id":"k3","clause":"丙","date":"2024-01-01","verdict":"违法","source":"review"}
`
	ps, err := Decode(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if ps[0].Source != SourcePublic || ps[0].Citation == "" || ps[0].Case == "" || ps[1].Source != SourceImport || ps[2].Source != SourceImport {
		t.Fatalf("sources %q %q %q", ps[0].Source, ps[1].Source, ps[2].Source)
	}
	var b strings.Builder
	if err := Encode(&b, ps); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(in, `,"source":"review"`, "", 1)
	if b.String() != want {
		t.Errorf("Encode:\n%s\nwant\n%s", b.String(), want)
	}
	local := Precedent{Clause: "丁", Date: "2024-01-01", Verdict: Unlawful, Source: SourceReview, ReviewID: 1}
	b.Reset()
	if err := EncodeOne(&b, &local); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "source") {
		t.Errorf("a local precedent's source left the office: %s", b.String())
	}
	for _, bad := range []string{
		`{"clause":"甲","date":"2024-01-01","verdict":"违法","source":"public","url":"https://x"}`,
		`{"clause":"甲","date":"2024-01-01","verdict":"违法","source":"public","publisher":"某法院"}`,
		`{"clause":"甲","date":"2024-01-01","verdict":"违法","source":"secret"}`,
	} {
		if _, err := Decode(strings.NewReader(bad)); err == nil {
			t.Errorf("Decode(%s) succeeded", bad)
		}
	}
}
