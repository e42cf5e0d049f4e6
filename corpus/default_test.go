package corpus

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefault(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Default(); again != c {
		t.Error("Default is not cached")
	}
	st := c.Stats()
	if st.Articles < 250 || st.Articles > 450 {
		t.Errorf("default corpus has %d articles, want 250-450", st.Articles)
	}
	if st.Laws != st.Versions || st.ByStatus[StatusCurrent].Versions != st.Versions {
		t.Errorf("default corpus should hold one current version per law: %+v", st)
	}
	for _, l := range c.Laws() {
		if l.Source != "default" || l.Level == "" || l.Published.IsZero() {
			t.Errorf("%s: source %q level %q published %v", l.ID, l.Source, l.Level, l.Published)
		}
	}
	_, _, err = c.Article("行政处罚法", "第一条", time.Time{})
	if e, ok := errors.AsType[*ArticleNotFoundError](err); !ok || !e.Partial || !strings.Contains(err.Error(), "内置法律库只收录") {
		t.Errorf("an article left out of the excerpt: %v", err)
	}
	// The provisions reviews cite most must all be there.
	cited := []struct{ law, article, prefix string }{
		{"宪法", "第三十七条", "中华人民共和国公民的人身自由不受侵犯。"},
		{"宪法", "第四十九条", "婚姻、家庭、母亲和儿童受国家的保护。"},
		{"宪法", "第一百零七条", "县级以上地方各级人民政府"},
		{"立法法", "第一百零四条", "法律、行政法规、地方性法规、自治条例和单行条例、规章不溯及既往"},
		{"行政处罚法", "第十六条", "除法律、法规、规章外，其他规范性文件不得设定行政处罚。"},
		{"行政处罚法", "第二十四条", "省、自治区、直辖市根据当地实际情况"},
		{"行政许可法", "第十七条", "除本法第十四条、第十五条规定的外，其他规范性文件一律不得设定行政许可。"},
		{"行政强制法", "第十条", "行政强制措施由法律设定。"},
		{"行政强制法", "第十三条", "行政强制执行由法律设定。"},
		{"村委会组织法", "第二十七条", "村民会议可以制定和修改村民自治章程、村规民约"},
		{"居委会组织法", "第十五条", "居民公约由居民会议讨论制定"},
		{"妇女权益保障法", "第五十五条", "妇女在农村集体经济组织成员身份确认"},
		{"妇女权益保障法", "第五十六条", "村民自治章程、村规民约"},
		{"农村土地承包法", "第三十一条", "承包期内，妇女结婚"},
		{"土地管理法", "第四十六条", "征收下列土地的，由国务院批准"},
		{"民法典", "第一百五十三条", "违反法律、行政法规的强制性规定的民事法律行为无效。"},
		{"民法典", "第七百零五条", "租赁期限不得超过二十年。"},
		{"民法典", "第一千零四十一条", "婚姻家庭受国家保护。"},
		{"民法典", "第一千二百六十条", "本法自2021年1月1日起施行。"},
		{"地方组织法", "第七十六条", "乡、民族乡、镇的人民政府行使下列职权"},
		{"重大行政决策程序暂行条例", "第二十五条", "决策草案提交决策机关讨论前"},
		{"公平竞争审查条例", "第八条", "起草单位起草的政策措施，不得含有下列限制或者变相限制市场准入和退出的内容"},
		{"人口与计划生育法", "第十八条", "国家提倡适龄婚育、优生优育。一对夫妻可以生育三个子女。"},
		{"人民调解法", "第四条", "人民调解委员会调解民间纠纷，不收取任何费用。"},
		{"反垄断法", "第四十五条", "行政机关和法律、法规授权的具有管理公共事务职能的组织不得滥用行政权力，制定含有排除、限制竞争内容的规定。"},
		{"行诉法", "第十二条", "人民法院受理公民、法人或者其他组织提起的下列诉讼"},
		{"信访工作条例", "第十七条", "公民、法人或者其他组织可以采用信息网络"},
		{"信访工作条例", "第四十六条", "有关机关、单位及其领导干部、工作人员有下列情形之一的"},
		{"刑法", "第三条", "法律明文规定为犯罪行为的，依照法律定罪处刑"},
		{"民法典", "第一百三十条", "民事主体按照自己的意愿依法行使民事权利，不受干涉。"},
		{"招标投标法", "第十八条", "招标人可以根据招标项目本身的要求"},
		{"招标投标法实施条例", "第三十二条", "招标人不得以不合理的条件限制、排斥潜在投标人或者投标人。"},
		{"政府采购法实施条例", "第二十条", "采购人或者采购代理机构有下列情形之一的，属于以不合理的条件对供应商实行差别待遇或者歧视待遇"},
		{"优化营商环境条例", "第六十九条", "政府和有关部门及其工作人员有下列情形之一的"},
		{"农村土地承包法", "第五十七条", "发包方有下列行为之一的"},
		{"居委会组织法", "第八条", "居民委员会主任、副主任和委员"},
	}
	for _, tt := range cited {
		_, a, err := c.Article(tt.law, tt.article, time.Time{})
		if err != nil {
			t.Errorf("default %s %s: %v", tt.law, tt.article, err)
			continue
		}
		if !strings.HasPrefix(a.Text, tt.prefix) {
			t.Errorf("default %s %s = %q, want it to start with %q", tt.law, tt.article, a.Text, tt.prefix)
		}
	}
}

// TestDefaultMatchesCollection holds the default corpus to the official
// texts: every article, its paragraphs and its headings must be identical
// to the same article of the same version in the full collection.
func TestDefaultMatchesCollection(t *testing.T) {
	full, _ := loadFull(t)
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range def.Laws() {
		f, ok := full.ByID(d.ID)
		if !ok {
			t.Errorf("%s: no such version in the collection", d.ID)
			continue
		}
		if f.Status != StatusCurrent {
			t.Errorf("%s: the collection marks it %s, the default corpus must hold current versions", d.ID, f.Status)
		}
		if d.Name != f.Name || d.Level != f.Level || d.Category != f.Category || !d.Published.Equal(f.Published) || !d.InForceFrom.Equal(f.InForceFrom) {
			t.Errorf("%s: metadata %q %q %q %v %v differs from the collection's %q %q %q %v %v", d.ID,
				d.Name, d.Level, d.Category, d.Published, d.InForceFrom, f.Name, f.Level, f.Category, f.Published, f.InForceFrom)
		}
		if !slices.Equal(d.History, f.History) {
			t.Errorf("%s: history differs:\n%v\n%v", d.ID, d.History, f.History)
		}
		for _, a := range d.Articles {
			fa := f.Article(a.Number, a.Sub)
			switch {
			case fa == nil:
				t.Errorf("%s %s: not in the collection", d.ID, a.Label)
			case a.Text != fa.Text:
				t.Errorf("%s %s: text differs:\n default: %q\n official: %q", d.ID, a.Label, a.Text, fa.Text)
			case !slices.Equal(a.Paragraphs, fa.Paragraphs):
				t.Errorf("%s %s: paragraphs differ: %q vs %q", d.ID, a.Label, a.Paragraphs, fa.Paragraphs)
			case !slices.Equal(a.Chapters, fa.Chapters):
				t.Errorf("%s %s: chapters differ: %q vs %q", d.ID, a.Label, a.Chapters, fa.Chapters)
			}
		}
	}
}
