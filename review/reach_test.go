package review

import (
	"strings"
	"testing"
)

// A rule's reach (Rule.Reach) runs it on a document of a type it is not
// scoped to when the document shows the subject the rule protects: the
// clauses the held-out batches lost to a wrong type, each under the type
// it was wrongly given, and the lawful neighbours that must stay clean.
func TestReach(t *testing.T) {
	e := testEngine(t)
	cases := []struct {
		name, typ, title, text string
		rule                   string // "" = no finding of a reaching rule
	}{
		// A villagers' group's plan typed as a 规范性文件: the members' shares.
		{"distribution plan as normative", "规范性文件", "关于集体收益分配的实施办法",
			"一、本组村民按人口参加分配。二、户口迁出本组的，取消其集体经济组织成员资格。", "vr-membership"},
		// A township's notice that stops a whole group's 低保, typed 决定.
		{"group sanction as decision", "决定", "东山镇人民政府关于加强秸秆禁烧工作的决定",
			"对发生焚烧秸秆的村民小组，停发该组全部低保。", "vr-collective-punishment"},
		// A contract whose party is a village: grain held back for petitioning.
		{"petition as contract", "合同", "土地流转合同",
			"甲方：某村民委员会。乙方到县上访的，扣除其当年口粮。", "vr-petition"},
		// A township's letter, typed 其他, naming one supplier for all villages.
		{"supplier in a letter", TypeOther, "东山镇人民政府关于农村垃圾清运的函",
			"各村垃圾清运统一由东山县绿源环保有限公司负责。", "nd-designated-supplier"},
		// A county's 扶持办法 mistyped as a village rule: the seat as eligibility.
		{"local seat as village rule", "村规民约", "",
			"申报企业须为注册地在本县的企业。", "nd-local-protection"},
		// A village's notice typed 规范性文件: services refused as a sanction.
		{"services as normative", "规范性文件", "",
			"凡未缴纳医保的，村部一律不办理盖章及一切相关手续。", "vr-withhold-services"},
		// Lawful: a township restates the 民政部门's statutory power.
		{"statutory stop of 低保", "规范性文件", "东山镇人民政府关于低保管理的通知",
			"对不再符合条件的村民，由县民政部门按照国家有关规定停发最低生活保障金。", ""},
		// Lawful: a township's expropriation notice suspends building permits.
		{"expropriation freeze", "决定", "东山镇人民政府关于房屋征收的决定",
			"房屋征收范围确定后，村民在征收范围内一律停止办理新建、改建房屋手续。", ""},
		// Lawful: a contract's dispute clause between a village and a firm.
		{"dispute clause", "合同", "土地承包合同",
			"甲方：某村民委员会。协商不成的，任何一方可以向土地所在地人民法院提起诉讼。", ""},
		// A village's own rule speaks of a firm: no public body's measure.
		{"village rule names a firm", "村规民约", "某村村规民约",
			"本村企业优先招用本村村民，工资按月足额发放。", ""},
	}
	for _, c := range cases {
		rep, err := e.Review(Input{Title: c.title, Text: c.text}, Options{Type: c.typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, c.name, rep)
		var got []string
		found := false
		for _, f := range rep.Findings {
			if !clauseFinding(f) {
				continue
			}
			got = append(got, f.Rule)
			if c.rule != "" && (f.Rule == c.rule || contains(f.Merged, c.rule)) {
				found = true
				if len(f.Basis) == 0 {
					t.Errorf("%s: %s cites no article", c.name, f.Rule)
				}
			}
		}
		if c.rule != "" && !found {
			t.Errorf("%s: %s not found (findings %v)", c.name, c.rule, got)
		}
		if c.rule == "" && len(got) > 0 {
			t.Errorf("%s: lawful text flagged: %v", c.name, got)
		}
	}
}

// TestReachSubjects: who speaks and of whom, read from the text and the
// issuer.
func TestReachSubjects(t *testing.T) {
	cases := []struct {
		text, tier string
		want       string
	}{
		{"本组村民按人口参加分配。", IssuerUnknown, ReachVillagers + "," + ReachVillage},
		{"村民按人口参加分配。", IssuerUnknown, ReachVillagers},
		{"业主大会决定的事项。", IssuerUnknown, ReachVillagers},
		{"申报企业须在本县注册。", IssuerUnknown, ReachPublic},
		{"全县统一部署。", IssuerTownship, ReachPublic},
		{"由镇人民政府负责。", IssuerUnknown, ReachPublic},
		{"本村企业优先招用本村村民。", IssuerVillage, ReachVillagers + "," + ReachVillage},
		{"村委会研究决定，停发其低保。", IssuerUnknown, ReachVillagers + "," + ReachVillage},
		{"各村委会要做好宣传。", IssuerTownship, ReachVillagers + "," + ReachPublic},
		{"根据村民自治章程，办理暂住证需缴纳管理费。", IssuerUnknown, ReachVillagers + "," + ReachVillage},
		{"依据小区自治章程办理。", IssuerUnknown, ReachVillage},
		{"刘某多的田由二组全体社员赔偿后收归集体使用。", IssuerUnknown, ReachVillagers + "," + ReachVillage},
		{"农民专业合作社召开社员大会。", IssuerUnknown, ReachVillagers},
		{"天气晴好。", IssuerUnknown, ""},
	}
	for _, c := range cases {
		got := subjects(c.text, c.tier)
		var names []string
		for _, x := range Reaches {
			if got[x] {
				names = append(names, x)
			}
		}
		if strings.Join(names, ",") != c.want {
			t.Errorf("subjects(%q, %s) = %v, want %s", c.text, c.tier, names, c.want)
		}
	}
}

// TestReachNeedsMatch: reach widens where a clause rule runs; the loader
// refuses it on other rules and refuses an unknown subject.
func TestReachNeedsMatch(t *testing.T) {
	for _, src := range []string{
		"id: x\ntitle: t\nitem: 内容合法性\ntypes: [决定]\nreach: [villagers]\nscope: document\nseverity: warning\nrequire: {any: [公众]}\nmessage: m\nbasis: [{law: 宪法, article: 第三十三条}]\nexamples: {trigger: [a]}\n",
		"id: x\ntitle: t\nitem: 内容合法性\ntypes: [决定]\nreach: [everyone]\nseverity: warning\nmatch: {any: [罚款]}\nmessage: m\nbasis: [{law: 宪法, article: 第三十三条}]\nexamples: {trigger: [罚款]}\n",
	} {
		if _, err := ParseRule("x.yaml", []byte(src)); err == nil {
			t.Errorf("rule accepted:\n%s", src)
		}
	}
}

// TestEnactedLevel: who enacted a text, from its promulgation line or a
// title only a statute bears; never a township's, a village's or a
// county's document, whatever it is called or however it was adopted.
func TestEnactedLevel(t *testing.T) {
	const art = "\n\n第一条 为了加强管理，制定本条例。\n\n第二条 违反规定的，处二百元罚款。"
	cases := []struct{ name, title, text, want string }{
		{"law", "", "# 中华人民共和国示例管理法\n\n2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过" + art, EnactedLaw},
		{"law in brackets", "中华人民共和国示例管理法", "（2021年1月22日第十三届全国人民代表大会常务委员会第二十五次会议修订）" + art, EnactedLaw},
		{"law by title", "", "# 中华人民共和国示例管理法" + art, EnactedLaw},
		{"a 办法 is no law", "", "# 中华人民共和国示例检定管理办法" + art, EnactedAdminReg},
		{"state council order", "", "# 示例设施保护条例\n\n2011年1月8日 中华人民共和国国务院令第588号公布" + art, EnactedAdminReg},
		{"state council approval", "", "# 示例监管办法\n\n1997年8月1日 经国务院批准\n\n1997年8月1日 示例总署令第65号发布" + art, EnactedAdminReg},
		{"provincial congress", "", "# 某省示例保护条例\n\n2019年9月27日 某省第十三届人民代表大会常务委员会第十四次会议通过" + art, EnactedLocalReg},
		{"city congress", "", "# 某市示例管理条例\n\n2020年6月4日 市十五届人大常委会第三次会议通过" + art, EnactedLocalReg},
		{"city congress's decision", "", "# 某市人民代表大会常务委员会关于示例工作的决定\n\n2020年6月4日 某市第十五届人民代表大会常务委员会第三次会议通过" + art, ""},
		{"province by title", "", "# 某省示例促进条例" + art, EnactedLocalReg},
		{"ministry order", "", "# 示例经营监督管理办法\n\n2022年3月10日 国家示例监督管理总局令第53号公布" + art, EnactedDeptRule},
		{"ministry meeting", "", "# 示例休假实施办法\n\n2008年7月17日 经某某部第6次部务会议通过" + art, EnactedDeptRule},
		{"provincial government order", "", "# 某省示例管理办法\n\n2015年3月2日 某省人民政府令第160号公布" + art, EnactedLocalRule},
		{"court", "", "# 最高人民法院关于示例案件适用法律若干问题的解释\n\n2020年12月29日 最高人民法院审判委员会第1823次会议通过" + art, EnactedJudicial},
		// Never these.
		{"county congress", "", "# 某县示例管理条例\n\n2019年3月1日 某县第十八届人民代表大会常务委员会第五次会议通过" + art, ""},
		{"autonomous county", "", "# 某某自治县示例保护条例\n\n2019年3月1日 某某自治县第十八届人民代表大会第五次会议通过" + art, ""},
		{"township congress", "", "# 某镇示例管理办法\n\n2023年1月6日 某镇第十九届人民代表大会第三次会议通过" + art, ""},
		{"county government meeting", "", "# 某县示例管理办法\n\n2023年5月8日 某县人民政府第十二次常务会议通过" + art, ""},
		{"county government order", "", "# 某县示例管理办法\n\n2023年5月8日 某县人民政府令第1号公布" + art, ""},
		{"county bureau meeting", "", "# 示例市场管理办法\n\n2023年5月8日 县市场监督管理局局务会议通过" + art, ""},
		{"county bureau by place", "", "# 示例市场管理办法\n\n2023年5月8日 东山县市场监督管理局局务会议通过" + art, ""},
		{"township rules", "东山镇人民政府关于加强集镇管理的规定", "2024年1月1日 东山镇人民政府第五次党政联席会议通过" + art, ""},
		{"township 条例 by title", "东山镇集镇管理条例", "第一条 为了加强管理，制定本条例。", ""},
		{"village", "", "# 东山村村规民约\n\n2024年1月1日 东山村村民会议通过" + art, ""},
		{"law quoted in a notice", "", "关于禁止焚烧秸秆的通告\n\n条款摘录：中华人民共和国大气污染防治法第一百一十九条" + art, ""},
		{"city 办法 by title", "", "# 某市示例管理办法" + art, ""},
	}
	for _, c := range cases {
		if got := enactedLevel(c.title, c.text); got != c.want {
			t.Errorf("%s: enactedLevel = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestEnactedVoice: a statute's own penalty, coercive measure or detention
// is lawful at the level that may set it (行政处罚法 第十至十四条, 行政强制法
// 第十条、第十三条) and reported above it; a 规范性文件 saying the same
// keeps every finding.
func TestEnactedVoice(t *testing.T) {
	e := testEngine(t)
	const (
		law      = "# 中华人民共和国示例管理法\n\n2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过\n\n"
		regional = "# 某省示例管理条例\n\n2019年9月27日 某省第十三届人民代表大会常务委员会第十四次会议通过\n\n"
		rule     = "# 示例经营管理办法\n\n2022年3月10日 国家示例监督管理总局令第53号公布\n\n"
		county   = "# 某县示例管理办法\n\n2023年5月8日 某县人民政府第十二次常务会议通过\n\n"
		town     = "东山镇人民政府关于示例管理的规定\n\n"
	)
	cases := []struct {
		name, text, rule string // rule "" = none of the three
	}{
		{"law's fine", law + "第九条 擅自占用的，没收违法所得，并处五千元罚款。", ""},
		{"law's detention", law + "第十条 情节严重的，处十日以下拘留。", ""},
		{"law's seizure", law + "第十一条 监督检查部门可以查封、扣押违法物品。", ""},
		{"regulation's fine", regional + "第九条 擅自占用的，处五千元罚款。", ""},
		{"regulation's seizure", regional + "第十条 主管部门可以扣押违法使用的工具。", ""},
		{"regulation revokes a business licence", regional + "第十一条 情节严重的，吊销其营业执照。", "nd-penalty"},
		{"regulation freezes deposits", regional + "第十二条 主管部门可以冻结其银行存款。", "nd-coercion"},
		{"rule's fine", rule + "第九条 未按规定公示的，处一万元罚款。", ""},
		{"rule confiscates", rule + "第十条 未按规定公示的，没收违法所得。", "nd-penalty"},
		{"rule seizes", rule + "第十一条 执法人员可以查封其经营场所。", "nd-coercion"},
		{"county's fine", county + "第九条 擅自占用的，处五千元罚款。", "nd-penalty"},
		{"county's seizure", county + "第十条 执法人员可以扣押违法使用的工具。", "nd-coercion"},
		{"township's fine", town + "擅自占道经营的，处二百元罚款。", "nd-penalty"},
		{"township's detention", town + "对拒不配合的，由镇综合执法队将其带至镇政府集中看管。", "nd-law-reserved"},
	}
	for _, c := range cases {
		rep, err := e.Review(Input{Text: c.text}, Options{Type: "规范性文件", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			for _, id := range append([]string{f.Rule}, f.Merged...) {
				if id == "nd-penalty" || id == "nd-coercion" || id == "nd-law-reserved" {
					got = append(got, id)
				}
			}
		}
		switch {
		case c.rule == "" && len(got) > 0:
			t.Errorf("%s: the statute's own measure flagged: %v", c.name, got)
		case c.rule != "" && !contains(got, c.rule):
			t.Errorf("%s: %s not found (findings %v)", c.name, c.rule, got)
		}
	}
}
