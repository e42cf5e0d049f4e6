package index

import (
	"context"
	"strings"
	"testing"
	"time"

	"lawreview/corpus/segment"
)

// TestDoctrineLines checks doctrine.txt against the corpus: every line
// cites articles that exist, and every word it adds stands, without its
// punctuation, in the text of one of them (the file's rule: the right-hand
// side is what the statute itself says).
func TestDoctrineLines(t *testing.T) {
	_, c := fullIndex(t)
	if len(doctrines) < 150 {
		t.Errorf("doctrine.txt has %d lines, want at least 150", len(doctrines))
	}
	for _, e := range doctrines {
		if len(e.cites) == 0 {
			t.Errorf("%v: cites no article", e.when)
			continue
		}
		var texts []string
		for _, k := range e.cites {
			name, label, ok := cutKey(k)
			if !ok {
				t.Errorf("%v: cite %q is not \"<law> <article>\"", e.when, k)
				continue
			}
			_, a, err := c.Article(name, label, time.Time{})
			if err != nil {
				t.Errorf("%v: %s: %v", e.when, k, err)
				continue
			}
			texts = append(texts, stripPunct(foldLower(a.Text)))
		}
		for _, w := range e.with {
			found := false
			for _, tx := range texts {
				found = found || strings.Contains(tx, foldLower(w))
			}
			if !found && len(texts) == len(e.cites) {
				t.Errorf("%v: %q stands in none of %v", e.when, w, e.cites)
			}
		}
	}
}

// TestDoctrineSearch: a lawyer's name for a doctrine finds the article
// that states it among the first three, on the whole corpus, for a sample
// of the names of each part of doctrine.txt; and over every line's first
// two names, the cited article is in the first three at least
// minDoctrineTop3 of the time (docs/index-benchmarks.md, "Law search,
// round 13").
func TestDoctrineSearch(t *testing.T) {
	ix, _ := fullIndex(t)
	first3 := func(q string) []string {
		r, err := ix.Search(context.Background(), Query{Text: q, Province: evalProvince, Size: 3})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, hitKey(h))
		}
		return got
	}
	for _, tc := range []struct{ query, want string }{
		// 总则
		{"表见代理", "民法典 第一百七十二条"},
		{"越权代表", "民法典 第五百零四条"},
		{"通谋虚伪", "民法典 第一百四十六条"},
		{"好人条款", "民法典 第一百八十四条"},
		{"意定监护", "民法典 第三十三条"},
		{"法人人格否认", "公司法 第二十三条"},
		// 物权
		{"善意取得", "民法典 第三百一十一条"},
		{"占有改定", "民法典 第二百二十八条"},
		{"流押", "民法典 第四百零一条"},
		{"业主撤销权", "民法典 第二百八十条"},
		{"居住权", "民法典 第三百六十六条"},
		{"三权分置", "农村土地承包法 第九条"},
		// 合同
		{"情势变更", "民法典 第五百三十三条"},
		{"缔约过失", "民法典 第五百条"},
		{"不安抗辩", "民法典 第五百二十七条"},
		{"代位权", "民法典 第五百三十五条"},
		{"债务加入", "民法典 第五百五十二条"},
		{"减损规则", "民法典 第五百九十一条"},
		{"定金罚则", "民法典 第五百八十七条"},
		{"所有权保留", "民法典 第六百四十一条"},
		{"买卖不破租赁", "民法典 第七百二十五条"},
		{"砍头息", "民法典 第六百七十条"},
		{"跳单", "民法典 第九百六十五条"},
		{"无因管理", "民法典 第九百七十九条"},
		// 人格权
		{"人格权禁令", "民法典 第九百九十七条"},
		{"AI换脸", "民法典 第一千零一十九条"},
		// 婚姻家庭
		{"夫妻共同债务", "民法典 第一千零六十四条"},
		{"日常家事代理", "民法典 第一千零六十条"},
		{"无效婚姻", "民法典 第一千零五十一条"},
		{"家务补偿", "民法典 第一千零八十八条"},
		// 继承
		{"代位继承", "民法典 第一千一百二十八条"},
		{"侄子 继承", "民法典 第一千一百二十八条"},
		{"转继承", "民法典 第一千一百五十二条"},
		{"父债子还", "民法典 第一千一百六十一条"},
		{"必留份", "民法典 第一千一百四十一条"},
		// 侵权
		{"自甘风险", "民法典 第一千一百七十六条"},
		{"公平责任", "民法典 第一千一百八十六条"},
		{"好意同乘", "民法典 第一千二百一十七条"},
		// 行政处罚法, 行政许可法, 行政强制法
		{"一事不再罚", "行政处罚法 第二十九条"},
		{"首违不罚", "行政处罚法 第三十三条"},
		{"从旧兼从轻", "行政处罚法 第三十七条"},
		{"罚缴分离", "行政处罚法 第六十七条"},
		{"信赖保护", "行政许可法 第八条"},
		{"即时强制", "行政强制法 第十九条"},
		// 行政复议法, 行政诉讼法, 国家赔偿法
		{"复议前置", "行政复议法 第二十三条"},
		{"禁止不利变更", "行政复议法 第六十三条"},
		{"民告官", "行政诉讼法 第二条"},
		{"负责人出庭", "行政诉讼法 第三条"},
		{"精神损害抚慰金", "国家赔偿法 第三十五条"},
		// 土地
		{"土地权属争议", "土地管理法 第十四条"},
		{"二轮延包", "农村土地承包法 第二十一条"},
		// 劳动合同法, 民事诉讼法
		{"双倍工资", "劳动合同法 第八十二条"},
		{"服务期", "劳动合同法 第二十二条"},
		{"小额诉讼", "民事诉讼法 第一百六十五条"},
		{"虚假诉讼", "民事诉讼法 第一百一十五条"},
	} {
		if got := first3(tc.query); !contains(got, tc.want) {
			t.Errorf("%s: first three %v, want %s among them", tc.query, got, tc.want)
		}
	}
	if testing.Short() {
		return
	}
	n, hit := 0, 0
	for _, e := range doctrines {
		for _, alt := range e.when[:min(2, len(e.when))] {
			got := first3(strings.Join(alt, " "))
			n++
			for _, c := range e.cites {
				if contains(got, c) {
					hit++
					break
				}
			}
		}
	}
	t.Logf("doctrine.txt: %d of %d names find a cited article among the first three (%.2f)", hit, n, float64(hit)/float64(n))
	if float64(hit) < minDoctrineTop3*float64(n) {
		t.Errorf("%d of %d names find a cited article among the first three, want at least %.2f", hit, n, minDoctrineTop3)
	}
}

// minDoctrineTop3 is just under the share measured in round 13.
const minDoctrineTop3 = 0.85

func TestParseDoctrineLines(t *testing.T) {
	es, err := parseExpansions("情势变更|情事变更 => 基础条件 重大变化 @ 民法典 第五百三十三条\n缔约过失 => 恶意进行磋商 @ 民法典 第五百条; 民法典  第五百零一条\n")
	if err != nil || len(es) != 2 {
		t.Fatalf("%d lines, %v", len(es), err)
	}
	if got := es[1].cites; len(got) != 2 || got[1] != "民法典 第五百零一条" {
		t.Errorf("cites %q", got)
	}
	if got := es[0].with; len(got) != 2 || got[1] != "重大变化" {
		t.Errorf("with %q", got)
	}
	for _, bad := range []string{"情势变更 => 基础条件 @", "情势变更 => @ 民法典 第五百三十三条", "@ 民法典 第一条"} {
		if _, err := parseExpansions(bad); err == nil {
			t.Errorf("parseExpansions(%q) accepted", bad)
		}
	}
	if _, err := parseExpansions(doctrineTxt); err != nil {
		t.Fatal(err)
	}
}

func FuzzParseExpansions(f *testing.F) {
	for _, s := range []string{expandTxt[:200], "a|b&c => d @ e f; g", "=>", "@", "x => y @ ;", "# c\n a=>!b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es, err := parseExpansions(s)
		if err != nil {
			return
		}
		for _, e := range es {
			if len(e.when) == 0 || len(e.with) == 0 {
				t.Fatalf("%q: a line with an empty side: %+v", s, e)
			}
			for _, alt := range e.when {
				if len(alt) == 0 {
					t.Fatalf("%q: an empty alternative", s)
				}
			}
		}
	})
}

// TestPhrasePieces: a long clause is searched in pieces no longer than
// maxPhraseRunes (unless one word is), which together are the clause.
func TestPhrasePieces(t *testing.T) {
	seg, err := segment.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"合同的基础条件发生了当事人在订立合同时无法预见的", "不属于商业风险的重大变化", "被继承人的兄弟姐妹的子女代位继承",
		"以电话短信即时通讯工具电子邮件传单等方式侵扰他人的私人生活安宁"} {
		ps := phrasePieces(seg, w)
		if strings.Join(ps, "") != w {
			t.Errorf("%s: pieces %q", w, ps)
		}
		for _, p := range ps {
			if n := len([]rune(p)); n > maxPhraseRunes || (len(ps) > 1 && n < 4) {
				t.Errorf("%s: piece %q of %d characters", w, p, n)
			}
		}
		if len([]rune(w)) <= maxPhraseRunes && len(ps) != 1 {
			t.Errorf("%s: cut though short: %q", w, ps)
		}
	}
}
