package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// updateGolden is -update; looked up first so that other test files of
// this package may define the same flag.
var updateGolden = func() *bool {
	if f := flag.Lookup("update"); f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			if b, ok := g.Get().(bool); ok {
				v := b
				return &v
			}
		}
	}
	return flag.Bool("update", false, "rewrite golden files")
}()

const testCorpus = "../../corpus/testdata/laws"

func TestLawAndCorpusCommandsGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"law-default", []string{"law", "行政处罚法", "16"}},
		{"law-chapters", []string{"law", "《中华人民共和国民法典》", "第一千零四十一条"}},
		{"law-date", []string{"law", "示例法", "20", "--date", "2016-01-01", "--corpus", testCorpus}},
		{"law-sub", []string{"law", "--corpus", testCorpus, "中华人民共和国示例法", "第二十条之一"}},
		{"law-region", []string{"law", "北京市示例条例", "1", "--corpus", testCorpus}},
		// A law the 民法典 repealed: its date, the repealing article and
		// the successor article's text (合同法 is in no corpus).
		{"law-repealed", []string{"law", "合同法", "第五十二条"}},
		{"law-repealed-property", []string{"law", "《物权法》", "59"}},
		// A version the corpus does not hold: said so (not "尚未施行"),
		// with the renumbered article of the current version.
		{"law-missing-version", []string{"law", "行政处罚法", "第十四条", "--date", "2018-01-01"}},
		{"law-versions", []string{"law", "--versions", "行政处罚法"}},
		{"law-versions-repealed", []string{"law", "--versions", "合同法"}},
		{"stats-default", []string{"corpus", "stats"}},
		{"stats-dir", []string{"corpus", "stats", "--corpus", testCorpus}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var out, errw bytes.Buffer
			if code := run(tt.args, &out, &errw); code != exitOK {
				t.Fatalf("exit %d: %s", code, errw.String())
			}
			golden := filepath.Join("testdata", "corpus-cli", tt.golden+".golden")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output differs from %s:\n%s", golden, out.String())
			}
		})
	}
}

func TestLawCommandErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"law"}, "需要两个参数"},
		{[]string{"law", "行政处罚法"}, "需要两个参数"},
		{[]string{"law", "环境保护法", "16"}, "未找到法律《环境保护法》"},
		{[]string{"law", "行政处罚法", "第一条"}, "内置法律库只收录了《中华人民共和国行政处罚法》的常用条文，未收录第一条"},
		{[]string{"law", "示例法", "第九十九条", "--corpus", testCorpus}, "该法律没有第九十九条"},
		{[]string{"law", "示例法", "1", "--date", "2000-01-01", "--corpus", testCorpus}, "尚未施行"},
		{[]string{"law", "示例实施办法", "1", "--corpus", testCorpus}, "对应多部法律"},
		{[]string{"law", "行政处罚法", "第X条"}, "无法识别的条文序号"},
		{[]string{"law", "合同法", "第九百条"}, "条文对应表中没有其第九百条"},
		{[]string{"law", "--versions"}, "--versions 需要一个参数"},
		{[]string{"law", "--versions", "不存在的法"}, "未找到法律"},
		{[]string{"law", "行政处罚法", "16", "--date", "2021/07/15"}, "格式不对"},
		{[]string{"law", "行政处罚法", "16", "--corpus", "testdata/no-such-dir"}, "读取法律库目录"},
		{[]string{"law", "--nope"}, "flag provided but not defined"},
		{[]string{"corpus"}, "用法：lawreview corpus"},
		{[]string{"corpus", "frobnicate"}, "未知操作"},
		{[]string{"corpus", "stats", "extra"}, "多余的参数"},
	}
	for _, tt := range tests {
		var out, errw bytes.Buffer
		code := run(tt.args, &out, &errw)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, code, exitUsage)
		}
		if !strings.Contains(errw.String(), tt.want) {
			t.Errorf("%v: stderr %q, want it to contain %q", tt.args, errw.String(), tt.want)
		}
		if out.Len() != 0 {
			t.Errorf("%v: wrote to stdout on error: %q", tt.args, out.String())
		}
	}
	var out, errw bytes.Buffer
	if code := run([]string{"law", "--help"}, &out, &errw); code != exitOK || !strings.Contains(errw.String(), "条文序号可写") {
		t.Errorf("law --help: exit %d, %q", code, errw.String())
	}
}
