package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"lawreview/review/precedent"
	"lawreview/web/workflow"
)

// TestPrecedentCommand: import the documented sample, export it, import
// the export into a second data directory and export again: same bytes.
// A bad file is refused with the line number and imports nothing.
//
// The first command on a data directory loads the public bank (here the
// fixture's two entries): they are stored and exported like the rest, and
// keep their source through the round trip.
func TestPrecedentCommand(t *testing.T) {
	bank := useTestBank(t)
	all := 3 + len(bank.Entries)
	sample := filepath.Join("..", "..", "review", "precedent", "testdata", "sample.jsonl")
	a, b := t.TempDir(), t.TempDir()
	runOK := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	if out := runOK("precedent", "import", sample, "--data", a); !strings.Contains(out, "新增 3 条") {
		t.Errorf("import output: %s", out)
	}
	exportA := filepath.Join(t.TempDir(), "a.jsonl")
	runOK("precedent", "export", "--out", exportA, "--data", a)
	runOK("precedent", "import", exportA, "--data", b)
	exportB := runOK("precedent", "export", "--data", b)
	wantA, _ := os.ReadFile(exportA)
	if string(wantA) != exportB || strings.Count(exportB, "\n") != all || strings.Count(exportB, `"source":"public"`) != len(bank.Entries) {
		t.Errorf("round trip differs:\n%s\n%s", wantA, exportB)
	}
	if out := runOK("precedent", "reindex", "--data", b); !strings.Contains(out, fmt.Sprintf("%d 条", all)) {
		t.Errorf("reindex output: %s", out)
	}
	// `lawreview index rebuild` rebuilds the precedent index too, as the
	// README and the issue name it.
	if out := runOK("index", "rebuild", "--data", b); !strings.Contains(out, fmt.Sprintf("已重建先例检索索引：%d 条", all)) {
		t.Errorf("index rebuild output lacks the precedent index: %s", out)
	}

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(`{"clause":"新条款","verdict":"违法","date":"2025-01-01"}`+"\n"+`{"clause":"x","verdict":"违法"}`+"\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"precedent", "import", bad, "--data", b}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "第 2 行") {
		t.Errorf("bad import: exit %d, %s", code, errb.String())
	}
	if after := runOK("precedent", "export", "--data", b); after != exportB {
		t.Error("a refused file changed the store")
	}
	for _, args := range [][]string{{"precedent"}, {"precedent", "frobnicate"}, {"precedent", "import"}} {
		if code := run(args, &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// useTestBank puts the fixture bank in place of the embedded one.
func useTestBank(t *testing.T) *precedent.PublicBank {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", "bank.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	ps, err := precedent.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	b := &precedent.PublicBank{Entries: ps, Version: "bank-test"}
	old := publicBank
	publicBank = func() (*precedent.PublicBank, error) { return b, nil }
	t.Cleanup(func() { publicBank = old })
	return b
}

// TestPrecedentSearch: the first command on a data directory loads the
// bank, and search finds its entries and the imported ones with the
// filters of the web page, as text or JSON; bad filters exit 2 in Chinese.
func TestPrecedentSearch(t *testing.T) {
	useTestBank(t)
	data := t.TempDir()
	run1 := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(append(append([]string{"precedent", "search"}, args...), "--data", data), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := run1("分支机构")
	if code != exitOK || !strings.Contains(out, "共 1 条先例") || !strings.Contains(out, "外地企业须在本县设立分支机构") ||
		!strings.Contains(out, "公开案例 · 某省市场监督管理局") || !strings.Contains(out, "出处：https://example.gov.cn/gpjz/1") {
		t.Fatalf("search on a new data directory: exit %d\n%s%s", code, out, errs)
	}
	sample := filepath.Join("..", "..", "review", "precedent", "testdata", "sample.jsonl")
	var o, e bytes.Buffer
	if c := run([]string{"precedent", "import", sample, "--data", data}, &o, &e); c != exitOK {
		t.Fatalf("import: %s", e.String())
	}
	tests := []struct {
		args []string
		want []string // clauses found, in order
	}{
		{[]string{"--source", "public"}, []string{"外地企业须在本县设立分支机构方可参与政府采购项目", "凡本村适龄儿童家长必须带孩子按时接种村卫生室指定的自费疫苗", "出嫁女户口未迁出的不再享受本组土地补偿费分配"}},
		{[]string{"--source", "public", "--from", "2021-01-01", "--to", "2022-12-31"}, []string{"凡本村适龄儿童家长必须带孩子按时接种村卫生室指定的自费疫苗"}},
		{[]string{"--type", "村规民约", "--verdict", "违法", "出嫁女"}, []string{"出嫁女户口未迁出的不再享受本组土地补偿费分配", "外嫁女及其子女不再享受本村集体经济收益分配。"}},
		{[]string{"--verdict", "合法", "--to", "2025-12-31"}, []string{"村民应当爱护公共设施，损坏的照价赔偿。"}},
		{[]string{"--rule", "vr-fine", "--source", "import", "--township", "青山镇"}, []string{"村民应当爱护公共设施，损坏的照价赔偿。"}},
		{[]string{"--conclusion", "修改后合法"}, []string{"违反本村规民约的，罚款200元。"}},
		{[]string{"--source", "public", "--size", "1", "--page", "3"}, []string{"出嫁女户口未迁出的不再享受本组土地补偿费分配"}},
	}
	for _, tt := range tests {
		code, out, errs := run1(append(tt.args, "--format", "json")...)
		if code != exitOK {
			t.Errorf("%v: exit %d: %s", tt.args, code, errs)
			continue
		}
		var res precedentSearchJSON
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %v\n%s", tt.args, err, out)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Clause)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%v: found %q, want %q", tt.args, got, tt.want)
		}
	}
	code, out, _ = run1("--format", "json", "--source", "public", "土地补偿费")
	if code != exitOK || !strings.Contains(out, `"citation": "（2020）某01民终100号"`) || !strings.Contains(out, `"source": "public"`) ||
		!strings.Contains(out, `"summary": "某市中级人民法院2020年公布的案例中，同类条款被认定违反《妇女权益保障法》第五十五条"`) {
		t.Errorf("JSON hit lacks its source:\n%s", out)
	}
	for _, bad := range [][]string{{"--verdict", "不好说"}, {"--source", "web"}, {"--type", "通知"}, {"--from", "2025/01/01"},
		{"--from", "2025-02-01", "--to", "2025-01-01"}, {"--conclusion", "很好"}, {"--format", "xml"}, {"--page", "0"}, {"--size", "1000"}} {
		code, out, errs := run1(bad...)
		if code != exitUsage || errs == "" || out != "" || !hasHan(errs) {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errs)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// A review keeps the finder's weights in the data directory and the next
// one reads them; a damaged file is learnt again, an older one removed,
// and a data directory that does not exist gets nothing.
func TestCachedWeights(t *testing.T) {
	opt, err := workflow.FinderOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	learnt, _ := precedent.LearnWeights(opt.Background, opt.Concepts).MarshalBinary()
	data := t.TempDir()
	dir := filepath.Join(data, "dict")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	older := filepath.Join(dir, "precedent-weights-0123.bin")
	if err := os.WriteFile(older, []byte("lrpw"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := func() []string {
		fs, _ := filepath.Glob(filepath.Join(dir, "precedent-weights-*.bin"))
		return fs
	}
	for _, step := range []string{"learnt", "read", "damaged"} {
		if step == "damaged" {
			if err := os.WriteFile(files()[0], []byte("lrpw\x00"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := cachedWeights(data, opt).MarshalBinary()
		if !bytes.Equal(got, learnt) {
			t.Errorf("%s: weights differ from those learnt", step)
		}
		if fs := files(); len(fs) != 1 || fs[0] == older {
			t.Fatalf("%s: weight files %v", step, fs)
		}
		if b, _ := os.ReadFile(files()[0]); !bytes.Equal(b, learnt) {
			t.Errorf("%s: the file does not hold the weights", step)
		}
	}
	none := filepath.Join(t.TempDir(), "absent")
	cachedWeights(none, opt)
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("a data directory was created: %v", err)
	}
}
