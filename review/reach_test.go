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
