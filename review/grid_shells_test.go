package review

// Minimal documents for the market-entry grids (grid23b): the policy
// measures 公平竞争审查条例 第八至十条 reads are a government's normative
// documents and decisions, its investment contracts, and the tender
// documents its bodies issue (typed 其他, where every type's clause rules
// run). grid_test.go's shells hold only the village family; these are
// added beside it rather than in it, so that file keeps one owner.
func init() {
	gridShell["规范性文件"] = struct{ title, pre, post string }{
		"某某县人民政府关于印发《某某县促进民营经济发展若干措施》的通知",
		"各乡镇人民政府，县直各有关单位：为进一步优化营商环境，促进县域经济高质量发展，结合本县实际，制定本措施。",
		"本措施自2027年3月1日起施行，有效期五年。",
	}
	gridShell["决定"] = struct{ title, pre, post string }{
		"某某县人民政府关于加强城乡市场经营秩序管理的决定",
		"为规范城乡市场经营秩序，经县人民政府常务会议研究，作出如下决定：",
		"本决定自公布之日起施行。",
	}
	gridShell["合同"] = struct{ title, pre, post string }{
		"某某县招商引资项目投资合同书",
		"甲方：某某县人民政府\n乙方：某某实业有限公司\n经甲乙双方友好协商，就乙方在甲方辖区内投资建设项目事宜，达成如下条款：",
		"本合同一式四份，甲乙双方各执两份，自双方签字盖章之日起生效。",
	}
	gridShell[TypeOther] = struct{ title, pre, post string }{
		"某某县乡村道路改造工程招标公告",
		"某某县乡村道路改造工程已由县发展和改革局批准建设，招标人为某某县交通运输局，资金来自财政资金，现对该项目进行公开招标。",
		"本次招标公告同时在某某县公共资源交易中心网站上发布。",
	}
}
