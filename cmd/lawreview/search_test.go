package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The search command searches the office's province's regulations (flag or
// LAWREVIEW_PROVINCE), all of them when asked, none otherwise and says so;
// it rejects an unknown level, answers an article named by its law and
// number, and says how recent the laws are.
func TestSearchCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	dir := filepath.Join(t.TempDir(), "laws", "DLC", "浙江地方法规", "地方性法规", "浙江")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	law := "# 青山县集市管理条例\n\n2020年5月1日 青山县人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n第一条 为了规范集市秩序，制定本条例。\n\n第二条 集市开办者不得向摊主收取摊位押金。\n"
	if err := os.WriteFile(filepath.Join(dir, "青山县集市管理条例(2020-05-01).md"), []byte(law), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, "corpus", "import", "--data", data, filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(dir))))); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	t.Setenv("LAWREVIEW_PROVINCE", "")
	for _, tc := range []struct {
		name  string
		env   string
		args  []string
		want  []string
		avoid []string
	}{
		{"no province", "", []string{"摊位押金"}, []string{"未检索地方性法规（未设置所在省份）", "注：法律库收录的最新文本为"}, []string{"青山县集市管理条例"}},
		{"province flag", "", []string{"摊位押金", "--province", "浙江省"}, []string{"（含浙江地方性法规）", "《青山县集市管理条例》第二条 〔地方性法规 · 浙江"}, []string{"未检索"}},
		{"province from the environment", "浙江", []string{"摊位押金"}, []string{"《青山县集市管理条例》第二条"}, nil},
		{"another province", "北京", []string{"摊位押金"}, []string{"（含北京地方性法规）"}, []string{"青山县集市管理条例"}},
		{"all regions", "", []string{"摊位押金", "--all-regions"}, []string{"（含各省市地方性法规）", "《青山县集市管理条例》第二条"}, nil},
		{"levels", "浙江", []string{"摊位押金", "--level", "法律,行政法规"}, nil, []string{"青山县集市管理条例"}},
		{"level alias", "", []string{"摊位押金", "--level", "地方法规"}, []string{"《青山县集市管理条例》第二条"}, nil},
		{"article by name", "", []string{"《物权法》第五十九条"}, []string{"《物权法》已于2021年1月1日废止", "《中华人民共和国民法典》第二百六十一条", "农民集体所有的不动产和动产"}, []string{"海商法", "未检索"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LAWREVIEW_PROVINCE", tc.env)
			out, errOut, code := runCLI(t, append([]string{"search", "--data", data}, tc.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(out, a) {
					t.Errorf("output has %q:\n%s", a, out)
				}
			}
		})
	}
	if _, errOut, code := runCLI(t, "search", "--data", data, "押金", "--level", "法律,县规"); code != exitUsage || !strings.Contains(errOut, "未知的法律层级“县规”") {
		t.Errorf("unknown level: exit %d, stderr %q", code, errOut)
	}
}
