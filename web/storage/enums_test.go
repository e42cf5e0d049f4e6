package storage

import (
	"encoding/json"
	"testing"
)

// TestEnums: every value has its Chinese label, ranks follow the lists,
// and JSON carries the stored strings unchanged (the /api/v1 contract).
func TestEnums(t *testing.T) {
	type value interface {
		Label() string
	}
	check := func(name string, vs []value, raw []string, labels []string) {
		t.Helper()
		for i, v := range vs {
			if v.Label() != labels[i] {
				t.Errorf("%s %q: label %q, want %q", name, raw[i], v.Label(), labels[i])
			}
			b, _ := json.Marshal(v)
			if want, _ := json.Marshal(raw[i]); string(b) != string(want) {
				t.Errorf("%s %q marshals as %s", name, raw[i], b)
			}
		}
	}
	check("role", []value{RoleClerk, RoleReviewer, RoleAdviser, RoleAdmin, RoleBureau}, []string{"clerk", "reviewer", "adviser", "admin", "bureau"}, []string{"经办人", "审查人", "法律顾问", "管理员", "司法局"})
	check("document status", []value{DocPending, DocSigned, DocReturned}, []string{"pending", "signed", "returned"}, []string{"待审查", "已签发", "退回补正"})
	check("review status", []value{ReviewOpen, ReviewSigned}, []string{"open", "signed"}, []string{"审查中", "已签发"})
	check("audit action", []value{AuditLogin, AuditPrecedentImport}, []string{"login", "precedent_import"}, []string{"登录", "导入先例"})

	for i, r := range Roles {
		if r.Rank() != i+1 || !r.Valid() {
			t.Errorf("role %s rank %d", r, r.Rank())
		}
	}
	if Role("root").Valid() || Role("root").Label() != "root" || Role("").Rank() != 0 {
		t.Error("an unknown role is valid, labelled or ranked")
	}
	if AuditAction("finding_x").Label() != "finding_x" {
		t.Error("an unknown audit action has a label")
	}
}
