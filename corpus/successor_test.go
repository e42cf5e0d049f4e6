package corpus

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSuccessorOf(t *testing.T) {
	tests := []struct {
		law, version, article string
		want                  string // first successor article, "-" for none, "" for no row
		wantLaw               string
	}{
		// The cases and the citation checker's: a repealed law's
		// article, by any of the names it is cited by.
		{"合同法", "", "第五十二条", "第一百五十三条", "民法典"},
		{"《中华人民共和国合同法》", "", "52", "第一百五十三条", "民法典"},
		{"物权法", "", "第五十九条", "第二百六十一条", "民法典"},
		{"合同法", "", "第二百一十四条", "第七百零五条", "民法典"},
		{"担保法", "", "第八条", "第六百八十三条", "民法典"},
		{"婚姻法", "", "第三十三条", "第一千零八十一条", "民法典"},
		{"继承法", "", "第十条", "第一千一百二十七条", "民法典"},
		{"民法通则", "", "第一百三十五条", "第一百八十八条", "民法典"},
		{"侵权责任法", "", "第六条", "第一千一百六十五条", "民法典"},
		// Effective-date clauses have no successor.
		{"合同法", "", "第四百二十八条", "-", "民法典"},
		// Renumbered laws answer only for the old version.
		{"行政处罚法", "2017-09-01", "第十四条", "第十六条", "行政处罚法"},
		{"行政处罚法", "", "第十四条", "", ""},
		{"行政处罚法", "2021-01-22", "第十四条", "", ""},
		{"妇女权益保障法", "2018-10-26", "第三十三条", "第五十六条", "妇女权益保障法"},
		{"妇女法", "2018-10-26", "第三十二条", "第五十五条", "妇女权益保障法"},
		// Not in the table.
		{"合同法", "", "第九百条", "", ""},
		{"立法法", "", "第一条", "", ""},
		{"合同法", "", "第X条", "", ""},
	}
	for _, tt := range tests {
		var v time.Time
		if tt.version != "" {
			v = date(tt.version)
		}
		s, ok := SuccessorOf(tt.law, v, tt.article)
		got := ""
		if ok {
			got = "-"
			if len(s.Articles) > 0 {
				got = s.Articles[0]
			}
		}
		if got != tt.want || (ok && s.NewLaw != tt.wantLaw) {
			t.Errorf("SuccessorOf(%s, %s, %s) = %s %v, want %s %s", tt.law, tt.version, tt.article, s.NewLaw, s.Articles, tt.wantLaw, tt.want)
		}
	}
}

func TestParseSuccessorsRejectsBadRows(t *testing.T) {
	for _, bad := range []string{
		"h\n合同法\t1999-03-15\t第一条\t民法典\t2020-05-28\t第一条\n",         // 6 columns
		"h\n合同法\t1999\t第一条\t民法典\t2020-05-28\t第一条\t阅读\n",           // bad date
		"h\n合同法\t1999-03-15\t第甲条\t民法典\t2020-05-28\t第一条\t阅读\n",     // bad label
		"h\n合同法\t1999-03-15\t第一条\t民法典\t2020-05-28\t第一条,第乙条\t阅读\n", // bad target
	} {
		if _, err := parseSuccessors(bad); err == nil {
			t.Errorf("parseSuccessors accepted %q", bad)
		}
	}
	if _, err := defaultSuccessors(); err != nil {
		t.Fatal(err)
	}
}

// TestSuccessorsExistInCorpus checks every target article of the table
// against the real corpus (the default corpus holds only excerpts), and the
// old articles where the corpus holds the old version. A typo in
// successors.tsv fails here.
func TestSuccessorsExistInCorpus(t *testing.T) {
	c, _ := loadFull(t)
	rows, err := Successors()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1000 {
		t.Fatalf("%d rows, want the whole of the nine laws", len(rows))
	}
	for _, r := range rows {
		law, err := c.Resolve(r.NewLaw, time.Time{})
		if err != nil {
			t.Errorf("%s %s: successor law: %v", r.Law, r.Article, err)
			continue
		}
		if !law.Published.Equal(r.NewVersion) {
			t.Errorf("%s %s: successor version %s, corpus has %s", r.Law, r.Article, r.NewVersion.Format(time.DateOnly), law.Published.Format(time.DateOnly))
		}
		for _, a := range r.Articles {
			if _, _, err := c.Article(r.NewLaw, a, time.Time{}); err != nil {
				t.Errorf("%s %s → %s %s: %v", r.Law, r.Article, r.NewLaw, a, err)
			}
		}
		if r.Renumbered() {
			if _, _, err := c.Article(r.Law+"@"+r.Version.Format(time.DateOnly), r.Article, time.Time{}); err != nil {
				if _, missing := errors.AsType[*NotFoundError](err); !missing {
					t.Errorf("old article %s %s: %v", r.Law, r.Article, err)
				}
			}
		}
	}
}

func TestNameWithInnerTitle(t *testing.T) {
	l := &Law{ID: "浙江省实施村民委员会组织法办法@2020-07-31", Name: "浙江省实施《中华人民共和国村民委员会组织法》办法",
		ShortName: "浙江省实施《中华人民共和国村民委员会组织法》办法", Level: "地方性法规", Region: "浙江",
		Published: date("2020-07-31"), Articles: []Article{{Number: 1, Label: "第一条", Text: "为了实施。"}}}
	c := New(l)
	for _, name := range []string{
		"浙江省实施《村民委员会组织法》办法",
		"浙江省实施《中华人民共和国村民委员会组织法》办法",
		"《浙江省实施〈中华人民共和国村民委员会组织法〉办法》",
		"浙江省实施村民委员会组织法办法",
	} {
		if got, err := c.Resolve(name, time.Time{}); err != nil || got != l {
			t.Errorf("Resolve(%s) = %v, %v", name, got, err)
		}
	}
	if got := CanonicalName("村委会组织法"); got != "村民委员会组织法" {
		t.Errorf("CanonicalName(村委会组织法) = %s", got)
	}
}

func TestVersionMissingAndHistory(t *testing.T) {
	l := &Law{ID: "行政处罚法@2021-01-22", Name: "中华人民共和国行政处罚法", ShortName: "行政处罚法", Level: "法律",
		Published: date("2021-01-22"), InForceFrom: date("2021-07-15"),
		History: []History{
			{Date: date("1996-03-17"), Action: "通过"},
			{Date: date("2009-08-27"), Action: "修正"},
			{Date: date("2017-09-01"), Action: "修正"},
			{Date: date("2021-01-22"), Action: "修订"},
			{Date: date("2021-01-22"), Action: "公布"},
			{Date: date("2021-07-15"), Action: "施行"},
		},
		Articles: []Article{{Number: 16, Label: "第十六条", Text: "除法律、法规、规章外，其他规范性文件不得设定行政处罚。"}}}
	c := New(l)
	if n := len(l.VersionHistory()); n != 4 {
		t.Errorf("VersionHistory: %d entries, want 4 (one per date, no 施行)", n)
	}
	_, err := c.Resolve("行政处罚法", date("2018-01-01"))
	vm, ok := errors.AsType[*VersionMissingError](err)
	if !ok {
		t.Fatalf("Resolve at 2018: %v, want a VersionMissingError", err)
	}
	if !vm.Version.Date.Equal(date("2017-09-01")) || !strings.Contains(err.Error(), "未收录") || strings.Contains(err.Error(), "尚未施行") {
		t.Errorf("error %q (version %s)", err, vm.Version.Date)
	}
	if _, err := c.Resolve("行政处罚法", date("1990-01-01")); err == nil || !strings.Contains(err.Error(), "尚未施行") {
		t.Errorf("Resolve before adoption: %v, want 尚未施行", err)
	}
	if got := c.Snapshot(); !got.Equal(date("2021-01-22")) {
		t.Errorf("Snapshot = %s", got)
	}
	if r, ok := RepealOf("《中华人民共和国物权法》"); !ok || r.By != "民法典" || r.Article != "第一千二百六十条" {
		t.Errorf("RepealOf(物权法) = %v, %v", r, ok)
	}
}
