package review

// Subjects a rule may reach (Rule.Reach). A document's type is a guess from
// its title and wording, and real documents are typed wrongly often enough
// (a villagers' group's distribution plan read as a 规范性文件, a street
// office's letter as 其他, a township's notice on a village wall as a
// 村规民约) that a rule scoped by type alone loses the clauses its law is
// about. What makes such a clause unlawful is whom it touches and who
// speaks, and that is read from the text:
//
//   - ReachVillagers: the document speaks of villagers or residents, their
//     committees, groups or collective (村民, 本组, 村委会, 村集体, 业主…).
//     The rights 村民委员会组织法 第二十七条 protects from a village's rules
//     — person, dignity, property, members' shares — are no less protected
//     from a township's notice or a group's plan, so the rules that find
//     their violation run wherever villagers are spoken of. A township's
//     notice speaks of them as 农户, through the 村务公开栏, or to the
//     各村（居）委会 it is addressed to (round 22).
//   - ReachPublic: a public body issues or speaks in the document (a
//     township, a county, their offices; 人民政府, 办事处, 管委会 in the
//     text), or a document not issued by a village body speaks of
//     operators (企业, 经营者, 投标人). 公平竞争审查条例 第二条 covers the policy measures of public
//     bodies in whatever form — a contract, a letter, minutes — so the
//     fair-competition rules run on them all.
//   - ReachVillage: a village body speaks in the document — it is issued
//     by one, or a village body decides or acts in it (村委会研究决定,
//     村部一律不办理), or it says 本村, 本组 as only the village says of
//     itself, or it applies the village's own rules (根据…村规民约, 依据自治
//     章程), as only the village does. Measures a government may take by
//     statute (停发低保 by the
//     民政部门, 扣押 by the authority a law names) are unlawful when a
//     village takes them; the rules that find them reach a document of any
//     type only where the village is the one who speaks.
const (
	ReachVillagers = "villagers"
	ReachVillage   = "village"
	ReachPublic    = "public"
)

// Reaches are the subjects a rule may name.
var Reaches = []string{ReachVillagers, ReachVillage, ReachPublic}

var (
	villagersSpoken = lazyCompile(`村民|村委|村（居）|村\(居\)|农户|村务|住户|村两委|支村委|村民委员会|本村|村集体|集体经济组织|经济合作社|经联社|村民小组|本组|组民|社员|生产队|本队|队委|外嫁女|出嫁女|居民|业主|居委会|本社区|本小区`)
	villageVoice    = lazyCompile(`本村|本组|本队|本屯|本社区|本小区|收归(?:村|组|社|队)?集体|(?:根据|依据|按照|依照)[^，。；\n]{0,12}(?:村规民约|乡规民约|村民公约|居民公约|社区公约|自治章程)|(?:村民委员会|村委会|村委|村两委|支村委|村部|村里|村上|村民小组|组委会|队委会|队委|生产队|经济合作社|经联社|村民会议|村民代表会议|居民委员会|居委会|业主委员会|物业)[^，。；\n]{0,6}(?:研究|决定|讨论|通过|制定|议定|一律|有权|将|不予|不再|停|取消|扣|收回|没收)`)
	// Operators (公平竞争审查条例 第二条's 经营者) are what a fair-competition
	// clause is about: a text that speaks of firms and bidders and is not a
	// village body's own is a public body's measure on the market, even
	// when the pasted clauses name no issuer.
	// (Round 24.) A tender or a procurement notice speaks of its bidders
	// as 甲方, 乙方 or not at all (关于…的公开招标公告 … 乙方须交纳考核保证金):
	// the procedure itself names the market it opens.
	operatorsSpoken = lazyCompile(`企业|公司|经营者|经营户|商户|个体工商户|供应商|投标人|服务机构|中介机构|生产厂家|商家|招标|采购人|采购项目|竞争性谈判|竞争性磋商|中标|成交`)
	publicSpoken    = lazyCompile(`人民政府|政府|办事处|街道办|管委会|管理委员会|党委|党工委|(?:县|市|区|州|镇|乡)[\p{Han}]{0,8}(?:局|委员会办公室|办公室|中心|所|站)(?:[^\p{Han}]|负责|要|应|将|对|按|依)`)
)

// subjects are the Reach subjects a document shows.
func subjects(text, tier string) map[string]bool {
	out := map[string]bool{}
	if villagersSpoken.MatchString(text) {
		out[ReachVillagers] = true
	}
	if tier == IssuerVillage || villageVoice.MatchString(text) {
		out[ReachVillage] = true
	}
	if tier == IssuerTownship || tier == IssuerCounty || tier != IssuerVillage && (publicSpoken.MatchString(text) || operatorsSpoken.MatchString(text)) {
		out[ReachPublic] = true
	}
	return out
}

// reaches reports whether r reaches a document showing the subjects.
func reaches(r *Rule, subj map[string]bool) bool {
	for _, x := range r.Reach {
		if subj[x] {
			return true
		}
	}
	return false
}

// basisTypeFor is the type whose articles a finding of r cites on a
// document of type typ: typ itself when r is of that type, else — the rule
// ran by its reach — "" when r has an article for every type (the
// constitution's), else r's first type, so that the finding still says
// which law the clause offends.
func basisTypeFor(r *Rule, typ string) string {
	if typ == "" || r.applies(typ) {
		return typ
	}
	for _, b := range r.Basis {
		if len(b.Types) == 0 {
			return untypedOnly
		}
	}
	for _, t := range r.Types {
		if t != "*" {
			return t
		}
	}
	return typ
}

// untypedOnly is a basis type no article names: only the articles without
// a type limit fit it.
const untypedOnly = "无类型"
