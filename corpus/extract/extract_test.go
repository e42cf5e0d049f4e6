package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// checkDoc verifies the offsets contract and the normalization rule on any
// extracted document.
func checkDoc(t testing.TB, doc *Document) {
	t.Helper()
	runes := []rune(doc.Text)
	var parts []string
	prevEnd := -1
	for i, p := range doc.Paragraphs {
		if p.Start < 0 || p.End > len(runes) || p.Start >= p.End {
			t.Fatalf("paragraph %d: bad offsets [%d,%d) in text of %d runes", i, p.Start, p.End, len(runes))
		}
		if got := string(runes[p.Start:p.End]); got != p.Text {
			t.Fatalf("paragraph %d: runes[%d:%d] = %q, Text = %q", i, p.Start, p.End, got, p.Text)
		}
		if p.Start != prevEnd+1 {
			t.Fatalf("paragraph %d starts at %d, previous ended at %d", i, p.Start, prevEnd)
		}
		prevEnd = p.End
		if strings.ContainsAny(p.Text, "\n\r\t\u00a0\u200b\ufeff") {
			t.Fatalf("paragraph %d not normalized: %q", i, p.Text)
		}
		if p.Text != strings.Trim(p.Text, " \u3000") || strings.Contains(p.Text, "  ") {
			t.Fatalf("paragraph %d has untrimmed or doubled spaces: %q", i, p.Text)
		}
		if !utf8.ValidString(p.Text) {
			t.Fatalf("paragraph %d is not valid UTF-8", i)
		}
		switch p.Kind {
		case KindHeading, KindArticle, KindItem, KindBody, KindTableCell:
		default:
			t.Fatalf("paragraph %d: unknown kind %q", i, p.Kind)
		}
		if p.Label != "" && !strings.HasPrefix(p.Text, p.Label) {
			t.Fatalf("paragraph %d: label %q is not a prefix of %q", i, p.Label, p.Text)
		}
		parts = append(parts, p.Text)
	}
	if strings.Join(parts, "\n") != doc.Text {
		t.Fatalf("Text is not the paragraphs joined by newlines")
	}
}

func golden(t *testing.T, name string, doc *Document) {
	t.Helper()
	got, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test -update and review the diff)\n%s", name, path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + a + "\n  got  " + b
		}
	}
	return ""
}

// para finds the first paragraph whose text contains s.
func para(doc *Document, s string) *Paragraph {
	for i := range doc.Paragraphs {
		if strings.Contains(doc.Paragraphs[i].Text, s) {
			return &doc.Paragraphs[i]
		}
	}
	return nil
}

type wantPara struct {
	contains string
	kind     Kind
	label    string
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file    string
		format  string
		title   string
		paras   []wantPara
		absent  []string // text that must not be extracted
		present []string
	}{
		{
			file: "村规民约.docx", format: "docx", title: "青山村村规民约",
			paras: []wantPara{
				{"第一章　总则", KindHeading, "第一章"},
				{"第一条　为了推进村民自治", KindArticle, "第一条"},
				{"第六条　严禁赌博", KindArticle, "第六条"},
				{"第十四条　本村出嫁女", KindArticle, "第十四条"},
				{"（一）生活垃圾分类", KindItem, "（一）"},
				{"（三）畜禽实行圈养", KindItem, "（三）"},
				{"第十六条　禁止在河道", KindArticle, "第十六条"},
				{"第二十条　本村规民约自通过之日起施行", KindArticle, "第二十条"},
				{"东片", KindTableCell, ""},
				{"村规民约监督电话", KindBody, ""},
			},
			present: []string{"违者罚款200元，并由", "尊老爱幼，依法赡养老人"},
			absent:  []string{"五百元", "青山村村务公开资料", "村务监督委员会监制", "建议删除此条", "参见《中华人民共和国妇女权益保障法》"},
		},
		{
			file: "规范性文件.docx", format: "docx", title: "柳河镇人民政府关于进一步加强农村人居环境整治工作的实施意见（征求意见稿）",
			paras: []wantPara{
				{"一、总体要求", KindHeading, "一、"},
				{"二、重点任务", KindHeading, "二、"},
				{"（一）推进生活垃圾治理。", KindItem, "（一）"},
				{"1. 每个自然村", KindItem, "1."},
				{"2. 推行垃圾分类", KindItem, "2."},
				{"①可回收物", KindItem, "①"},
				{"②有害垃圾", KindItem, "②"},
				{"（二）推进生活污水治理。", KindItem, "（二）"},
				{"1. 新建农房", KindItem, "1."}, // restarted under （二）
				{"三、保障措施", KindHeading, "三、"},
				{"甲、村党组织书记", KindBody, ""},
				{"丙、包村干部", KindBody, ""},
				{"第十项　村庄保洁", KindBody, ""},
				{"第十一项　厕所改造", KindBody, ""},
				{"3. 由镇农业农村办公室", KindItem, "3."},
				{"4. 对整治不力的村", KindItem, "4."},
				{"垃圾治理 厕所改造", KindTableCell, ""},
				{"收集点建设", KindTableCell, ""},
				{"联系人：张某 电话：0000-1234567", KindBody, ""},
				{"2024年5月10日", KindBody, ""},
			},
			absent: []string{"内部备注", "\uf0b7"},
		},
		{file: "核心属性标题.docx", format: "docx", title: "关于开展春季植树活动的通知"},
		{
			file: "规范性文件.pdf", format: "pdf", title: "柳河镇农村建房和农家乐经营管理暂行办法（征求意见稿）",
			paras: []wantPara{
				{"第一章 总则", KindHeading, "第一章"},
				{"第一条 为了加强本镇农村村民住宅建设和农家乐经营活动管理，保障村民合法权益，促进乡村旅游健康发展，根据《中华人民共和国土地管理法》《中华人民共和国城乡规划法》等法律法规，结合本镇实际，制定本办法。", KindArticle, "第一条"},
				{"第九条 在本镇范围内从事农家乐经营的，除依法办理营业执照外，还应当事先向镇人民政府申请取得《柳河镇农家乐经营许可证》", KindArticle, "第九条"},
				{"（二）按照规定处理生活污水和餐厨垃圾，不得直接排入河道；", KindItem, "（二）"},
				{"第十三条", KindArticle, "第十三条"},
				{"柳河镇人民政府", KindBody, ""},
			},
			absent: []string{"—1—", "— 1 —", "—2—"},
		},
		{
			file: "规范性文件-libreoffice.pdf", format: "pdf", title: "柳河镇人民政府关于进一步加强农村人居环境整治工作的实施意见（征求意见稿）",
			paras: []wantPara{{"（一）推进生活垃圾治理。", KindItem, "（一）"}},
		},
		{
			file: "决定-GBK.txt", format: "txt", title: "柳河镇人民政府关于调整镇农村集体经济发展领导小组成员的决定",
			paras: []wantPara{
				{"一、领导小组组成", KindItem, "一、"},
				{"组　长：陈某某（镇长）", KindBody, ""},
				{"（二）对集体经济年收入未达到10万元的村", KindItem, "（二）"},
			},
		},
		{
			file: "居民公约.md", format: "md", title: "柳河镇幸福里社区居民公约",
			paras: []wantPara{
				{"一、爱国守法", KindHeading, "一、"},
				{"热爱祖国", KindBody, ""},
				{"依法行使民主权利，积极参与社区事务的民主协商。", KindBody, ""},
				{"2. 饲养犬只", KindItem, "2."},
				{"公约解释", KindTableCell, ""},
				{"本公约自居民会议通过之日起施行", KindBody, ""},
			},
			absent: []string{"**", "# ", "- 热爱", "| ---", "> 本公约"},
		},
		{file: "通知-UTF8-BOM.txt", format: "txt", title: "关于做好秋季森林防火工作的通知", paras: []wantPara{{"一、严格管控野外用火", KindItem, "一、"}}},
		{file: "通知-UTF16LE.txt", format: "txt", title: "关于做好秋季森林防火工作的通知", paras: []wantPara{{"二、加强巡山护林", KindItem, "二、"}}},
		{file: "通知-UTF16BE.txt", format: "txt", title: "关于做好秋季森林防火工作的通知", paras: []wantPara{{"特此通知。", KindBody, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := File(filepath.Join("testdata", tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc)
			if doc.Format != tt.format {
				t.Errorf("Format = %q, want %q", doc.Format, tt.format)
			}
			if doc.Title != tt.title {
				t.Errorf("Title = %q, want %q", doc.Title, tt.title)
			}
			for _, w := range tt.paras {
				p := para(doc, w.contains)
				if p == nil {
					t.Errorf("no paragraph contains %q", w.contains)
					continue
				}
				if p.Kind != w.kind || p.Label != w.label {
					t.Errorf("paragraph %q: kind %q label %q, want %q %q", p.Text, p.Kind, p.Label, w.kind, w.label)
				}
			}
			for _, s := range tt.present {
				if !strings.Contains(doc.Text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(doc.Text, s) {
					t.Errorf("text contains %q, which must not be extracted", s)
				}
			}
			golden(t, strings.TrimSuffix(tt.file, filepath.Ext(tt.file))+"."+tt.format, doc)
		})
	}
}

// TestTableRows checks that table cells carry their row and column, so a
// row can be read as one unit: rows numbered across the document, a
// nested table's rows counted on their own, no position outside tables.
func TestTableRows(t *testing.T) {
	tests := []struct {
		file string
		rows [][]string // the cells of each row, in order
	}{
		{"村规民约.docx", [][]string{{"片区", "责任人", "范围"}, {"东片", "李某某", "村委会至东桥"}, {"西片", "王某某", "西桥至村小学"}}},
		// the nested table (子项/完成时限) sits in the second row's cell
		{"规范性文件.docx", [][]string{{"村名", "任务"}, {"柳河村", "垃圾治理 厕所改造"}, {"子项", "完成时限"}, {"收集点建设", "6月底前"}, {"石桥村", "污水治理"}}},
		{"居民公约.md", [][]string{{"事项", "负责机构"}, {"公约解释", "社区居民委员会"}, {"监督落实", "社区居务监督委员会"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := File(filepath.Join("testdata", tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, p := range doc.Paragraphs {
				if p.Kind != KindTableCell {
					if p.Row != 0 || p.Col != 0 {
						t.Errorf("%s paragraph %q has table position %d/%d", p.Kind, p.Text, p.Row, p.Col)
					}
					continue
				}
				for len(got) < p.Row {
					got = append(got, nil)
				}
				if p.Row < 1 || p.Col != len(got[p.Row-1])+1 {
					t.Fatalf("cell %q at row %d col %d, want col %d", p.Text, p.Row, p.Col, len(got[max(p.Row-1, 0)])+1)
				}
				got[p.Row-1] = append(got[p.Row-1], p.Text)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.rows) {
				t.Errorf("rows\n got  %v\n want %v", got, tt.rows)
			}
		})
	}
}

// Text is told by its bytes: UTF-16 without a byte order mark is read (it
// was refused: Chinese UTF-16 has few zero bytes), and "%PDF-" makes a PDF
// only at offset 0 (a note quoting it was refused as a broken PDF).
func TestTextDetection(t *testing.T) {
	const draft = "东湖镇村规民约\n第一条 村民应当遵守法律法规。\n第二条 爱护公共设施。\n"
	u16 := func(s string, be bool) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			if be {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(draft))
	cases := []struct {
		name   string
		data   []byte
		format string
		text   string // substring of the text
	}{
		{"UTF-16LE without BOM", u16(draft, false), "txt", "第一条"},
		{"UTF-16BE without BOM", u16(draft, true), "txt", "第二条"},
		{"UTF-16LE Chinese only, no line break", u16("村民应当遵守法律法规爱护公共设施", false), "txt", "爱护公共设施"},
		{"GBK", gbk, "txt", "第一条"},
		{"%PDF- quoted in a note", []byte("说明：扫描件的文件头为 %PDF-1.7。\n" + draft), "txt", "%PDF-1.7"},
	}
	for _, c := range cases {
		doc, err := Bytes("a.txt", c.data, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if doc.Format != c.format || !strings.Contains(doc.Text, c.text) {
			t.Errorf("%s: format %s, text %q", c.name, doc.Format, doc.Text)
		}
	}
	if doc, err := Bytes("a.pdf", []byte(" %PDF-1.7\n"+draft), Options{}); CodeOf(err) == CodeCorrupt || err == nil && doc.Format == "pdf" {
		t.Errorf("%%PDF- after a byte read as a PDF: %v", err)
	}
}
