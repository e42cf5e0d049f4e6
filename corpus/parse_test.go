package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestParseMarkdownGolden parses every fixture in testdata/parse and compares
// the whole Law with its .golden.json.
func TestParseMarkdownGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			law, err := ParseMarkdown(filepath.Base(f), data)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(law); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, ".md") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("parse of %s differs from %s:\n%s", f, golden, buf.String())
			}
		})
	}
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestParseMarkdownStructure states the facts the golden files must show,
// so that a careless -update cannot bless a regression.
func TestParseMarkdownStructure(t *testing.T) {
	read := func(name string) *Law {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("testdata/parse", name))
		if err != nil {
			t.Fatal(err)
		}
		law, err := ParseMarkdown(name, data)
		if err != nil {
			t.Fatal(err)
		}
		return law
	}
	type art struct {
		label    string
		chapters string // joined by " / "
		paras    int
		text     string // prefix of Text
	}
	tests := []struct {
		file      string
		name      string
		short     string
		subtitle  string
		published string
		inForce   string
		history   []string // actions
		articles  []art
	}{
		{
			file: "basic.md", name: "中华人民共和国示例组织法", short: "示例组织法",
			published: "2018-12-29", history: []string{"通过", "修订", "修正"},
			articles: []art{
				{"第一条", "第一章 总则", 1, "为了示范"},
				{"第二条", "第一章 总则", 2, "示例委员会办理本村的公共事务。\n示例委员会向村民会议负责"},
				{"第三条", "第一章 总则", 2, "示例委员会的职责：\n（一）召集会议；\n（二）执行决定；\n（三）法律规定的其他职责。\n前款"},
				{"第四条", "第二章 附加规定 / 第一节 一般规定", 1, "本节规定一般事项。"},
				{"第四条之一", "第二章 附加规定 / 第一节 一般规定", 1, "本条是后来增加的条文。"},
				{"第五条", "第二章 附加规定 / 第二节 特别规定", 1, "本节规定特别事项。\n1．第一项；\n2．第二项。"},
				{"第六条", "附则", 1, "本法自公布之日起施行。"},
			},
		},
		{
			file: "nochapters.md", name: "示例暂行条例", short: "示例暂行条例",
			published: "2005-01-10", inForce: "2005-05-01", history: []string{"公布", "施行"},
			articles: []art{{"第一条", "", 1, "为了示范"}, {"第二条", "", 1, "本条例自2005年5月1日起施行。"}},
		},
		{
			file: "part.md", name: "中华人民共和国示例典", short: "示例典", subtitle: "合同编",
			published: "2020-05-28", inForce: "2021-01-01", history: []string{"通过", "施行"},
			articles: []art{
				{"第四百六十三条", "第一分编 通则 / 第一章 一般规定", 1, "本编调整"},
				{"第四百六十四条", "第一分编 通则 / 第二章 合同的订立", 1, "合同是"},
				{"第五百九十五条", "第二分编 典型合同 / 第九章 买卖合同", 1, "买卖合同是"},
				{"第一千二百五十九条", "", 1, "本编所称"},
			},
		},
		{
			file: "inverted.md", name: "某市信访条例", short: "某市信访条例", published: "2018-05-24",
			history: []string{"通过"},
			articles: []art{
				{"第一条", "第一章 总则", 1, "为了示范"},
				{"第二条", "第二章 受理和办理 / 第一节 一般规定", 1, "信访事项"},
				{"第三条", "第二章 受理和办理 / 第二节 特别规定", 1, "特别事项"},
				{"第四条", "第三章 附则", 1, "本条例自"},
			},
		},
		{
			file: "case.md", name: "为家庭生活消费需要购买汽车，发生欺诈纠纷的，可以按照消费者权益保护法处理。",
			short: "为家庭生活消费需要购买汽车，发生欺诈纠纷的，可以按照消费者权益保护法处理。",
		},
		{
			file: "noinfoend.md", name: "示例办法", short: "示例办法", published: "2019-03-02", history: []string{"发布"},
			articles: []art{
				{"第一条", "", 1, "为了示范"},
				{"第二条", "第二章 管理", 2, "本办法由某部负责解释。\n第三条的规定不是条文开头"},
			},
		},
		{
			file: "preamble.md", name: "中华人民共和国示例宪章", short: "示例宪章", published: "2018-03-11",
			history: []string{"通过", "施行", "通过"},
			articles: []art{
				{"第一条", "第一章 总纲", 1, "示例国家是人民的国家。"},
				{"第二条", "第一章 总纲", 2, "一切权力属于人民。\n| 项目 | 说明 |"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			law := read(tt.file)
			if law.Name != tt.name || law.ShortName != tt.short || law.Subtitle != tt.subtitle {
				t.Errorf("name %q short %q subtitle %q; want %q %q %q", law.Name, law.ShortName, law.Subtitle, tt.name, tt.short, tt.subtitle)
			}
			if got := dateString(law.Published); got != tt.published {
				t.Errorf("Published = %s, want %s", got, tt.published)
			}
			if got := dateString(law.InForceFrom); got != tt.inForce {
				t.Errorf("InForceFrom = %s, want %s", got, tt.inForce)
			}
			var actions []string
			for _, h := range law.History {
				actions = append(actions, h.Action)
			}
			if strings.Join(actions, ",") != strings.Join(tt.history, ",") {
				t.Errorf("history actions %v, want %v", actions, tt.history)
			}
			if len(law.Articles) != len(tt.articles) {
				t.Fatalf("%d articles, want %d: %+v", len(law.Articles), len(tt.articles), law.Articles)
			}
			for i, w := range tt.articles {
				a := law.Articles[i]
				if a.Label != w.label || strings.Join(a.Chapters, " / ") != w.chapters || len(a.Paragraphs) != w.paras || !strings.HasPrefix(a.Text, w.text) {
					t.Errorf("article %d = %s %q %d paragraphs %q; want %s %q %d %q…", i, a.Label, a.Chapters, len(a.Paragraphs), a.Text, w.label, w.chapters, w.paras, w.text)
				}
				if a.Text != strings.Join(a.Paragraphs, "\n") {
					t.Errorf("%s: Text is not the paragraphs joined", a.Label)
				}
			}
		})
	}
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func TestParseMarkdownFileNameAndErrors(t *testing.T) {
	law, err := ParseMarkdown("行政法/示例法(2021-01-22).md", []byte("# 中华人民共和国示例法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 内容。\n"))
	if err != nil {
		t.Fatal(err)
	}
	if law.ID != "示例法@2021-01-22" || law.Source != "行政法/示例法(2021-01-22).md" {
		t.Errorf("ID %q Source %q", law.ID, law.Source)
	}
	// Full-width digits in a history line, as some 部门规章 have.
	law, _ = ParseMarkdown("x.md", []byte("# 某规定\n\n２０１３年１月１日 施行\n２０１２年１２月３日 公安部部长办公会议通过\n<!-- INFO END -->\n第一条 内容。"))
	if got := dateString(law.Published); got != "2012-12-03" {
		t.Errorf("full-width dates: Published %s", got)
	}
	if got := dateString(law.InForceFrom); got != "2013-01-01" {
		t.Errorf("full-width dates: InForceFrom %s", got)
	}
	_, err = ParseMarkdown("bad.md", []byte{0xff, 0xfe, 0x00})
	if _, ok := errors.AsType[*ParseError](err); !ok {
		t.Errorf("invalid UTF-8: error %v, want *ParseError", err)
	}
	law, err = ParseMarkdown("empty.md", nil)
	if err != nil || law.Name != "empty" || len(law.Articles) != 0 {
		t.Errorf("empty file: %+v, %v", law, err)
	}
}

func TestParseText(t *testing.T) {
	lines := []string{
		"中华人民共和国示例法",
		"（2020年1月1日第十三届全国人民代表大会常务委员会第十五次会议通过　2021年1月22日第十三届全国人民代表大会常务委员会第二十五次会议修订）",
		"目　　录",
		"第一章　总　　则",
		"第二章　附　　则",
		"第一章　总　　则",
		"　　第一条　为了示范，制定本法。",
		"　　第二条　示例的种类：",
		"　　（一）第一种；",
		"　　（二）第二种。",
		"　　前款规定的种类，可以增加。",
		"第二章　附　　则",
		"　　第三条　本法自2021年7月15日起施行。",
	}
	law, err := ParseText("示例法.docx", "", lines)
	if err != nil {
		t.Fatal(err)
	}
	if law.Name != "中华人民共和国示例法" || dateString(law.Published) != "2021-01-22" || len(law.History) != 2 {
		t.Errorf("header: %q %s %+v", law.Name, dateString(law.Published), law.History)
	}
	want := []struct{ label, chapter, text string }{
		{"第一条", "第一章 总则", "为了示范，制定本法。"},
		{"第二条", "第一章 总则", "示例的种类：\n（一）第一种；\n（二）第二种。\n前款规定的种类，可以增加。"},
		{"第三条", "第二章 附则", "本法自2021年7月15日起施行。"},
	}
	if len(law.Articles) != len(want) {
		t.Fatalf("%d articles: %+v", len(law.Articles), law.Articles)
	}
	for i, w := range want {
		a := law.Articles[i]
		if a.Label != w.label || a.Chapter() != w.chapter || a.Text != w.text {
			t.Errorf("article %d: %s %q %q; want %s %q %q", i, a.Label, a.Chapter(), a.Text, w.label, w.chapter, w.text)
		}
	}
	if len(law.Articles[1].Paragraphs) != 2 {
		t.Errorf("第二条 paragraphs %q, want 2", law.Articles[1].Paragraphs)
	}
}

// FuzzParseMarkdown runs the fixtures as seeds in every go test.
func FuzzParseMarkdown(f *testing.F) {
	files, _ := filepath.Glob("testdata/parse/*.md")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("第一条"))
	f.Add([]byte("# \n<!-- INFO END\n第十条之 \n（一）"))
	f.Fuzz(func(t *testing.T, data []byte) {
		law, err := ParseMarkdown("fuzz.md", data)
		if err != nil {
			return
		}
		for _, a := range law.Articles {
			if a.Number <= 0 || a.Sub < 0 {
				t.Fatalf("article number %d sub %d", a.Number, a.Sub)
			}
			if a.Label != ArticleLabel(a.Number, a.Sub) {
				t.Fatalf("label %q for %d/%d", a.Label, a.Number, a.Sub)
			}
			if a.Text != strings.Join(a.Paragraphs, "\n") {
				t.Fatalf("text %q is not paragraphs %q", a.Text, a.Paragraphs)
			}
			if n, s, err := ParseArticleLabel(a.Label); err != nil || n != a.Number || s != a.Sub {
				t.Fatalf("label %q does not parse back: %d %d %v", a.Label, n, s, err)
			}
		}
	})
}

func FuzzParseText(f *testing.F) {
	f.Add("中华人民共和国示例法\n（2020年1月1日通过　2021年1月22日修订）\n第一章　总　　则\n　　第一条　为了示范。\n（一）第一项；\n附　　则\n第二条之一　施行。")
	f.Add("第十条\n目录\n2023年13月40日 通过")
	f.Fuzz(func(t *testing.T, text string) {
		law, err := ParseText("fuzz.txt", "", strings.Split(text, "\n"))
		if err != nil {
			return
		}
		for _, a := range law.Articles {
			if a.Number <= 0 || a.Label != ArticleLabel(a.Number, a.Sub) || a.Text != strings.Join(a.Paragraphs, "\n") {
				t.Fatalf("bad article %+v", a)
			}
		}
	})
}
