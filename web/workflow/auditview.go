package workflow

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"lawreview/web/storage"
)

// AuditView is an entry of the audit log as the administrator reads it:
// the object it concerns named the way people name it (文件《…》第2版), not
// by the code stored (document:4/version:2), which only machines read.
type AuditView struct {
	storage.AuditEntry
	Object string
}

// AuditLog is a page of the audit log, newest first, for the administrator.
func (s *Service) AuditLog(ctx context.Context, u *storage.User, limit, offset int) ([]AuditView, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return nil, err
	}
	es, err := s.Store.AuditLog(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	n := &namer{s: s, docs: map[int64]string{}, reviews: map[int64]string{}, names: map[string]string{}, lists: map[string]map[int64]string{}}
	out := make([]AuditView, 0, len(es))
	for _, e := range es {
		out = append(out, AuditView{AuditEntry: e, Object: n.object(ctx, e.Target)})
	}
	return out, nil
}

// namer names the objects of audit entries, each record looked up once
// per page.
type namer struct {
	s       *Service
	docs    map[int64]string // document id: 文件《…》
	reviews map[int64]string // review id: 文件《…》第2版
	names   map[string]string
	lists   map[string]map[int64]string // listed
}

// object names a target: the parts of "kind:id/kind:id" in order, or for
// a bare name (the user name of a failed login) the account.
func (n *namer) object(ctx context.Context, target string) string {
	if target == "" {
		return "—"
	}
	if !strings.Contains(target, ":") {
		if target == "precedents" {
			return "审查先例"
		}
		return "账号 " + target
	}
	var parts []string
	for _, p := range strings.Split(target, "/") {
		kind, raw, _ := strings.Cut(p, ":")
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			parts = append(parts, p)
			continue
		}
		parts = append(parts, n.part(ctx, kind, id))
	}
	return strings.Join(parts, "")
}

func (n *namer) part(ctx context.Context, kind string, id int64) string {
	switch kind {
	case "document":
		return n.document(ctx, id)
	case "version":
		return fmt.Sprintf("第%d版", id)
	case "review":
		return n.review(ctx, id)
	case "revision":
		return fmt.Sprintf("第%d轮签发", id)
	case "finding":
		return fmt.Sprintf("，意见 #%d", id)
	case "comment":
		return fmt.Sprintf("，交流意见 #%d", id)
	case "office":
		return n.office(ctx, id)
	case "township":
		return n.township(ctx, id)
	case "user":
		return n.user(ctx, id)
	}
	return fmt.Sprintf("%s %d", kind, id)
}

func (n *namer) document(ctx context.Context, id int64) string {
	if s, ok := n.docs[id]; ok {
		return s
	}
	name := fmt.Sprintf("文件（编号 %d）", id)
	if d, err := n.s.Store.Document(ctx, id); err == nil {
		name = "文件《" + strings.Trim(d.Title, "《》") + "》"
	}
	n.docs[id] = name
	return name
}

func (n *namer) review(ctx context.Context, id int64) string {
	if s, ok := n.reviews[id]; ok {
		return s
	}
	name := fmt.Sprintf("审查（编号 %d）", id)
	if r, err := n.s.Store.Review(ctx, id); err == nil {
		name = n.document(ctx, r.DocumentID)
		if v, err := n.s.Store.Version(ctx, r.VersionID); err == nil {
			name += fmt.Sprintf("第%d版", v.Number)
		}
	}
	n.reviews[id] = name
	return name
}

func (n *namer) office(ctx context.Context, id int64) string {
	return n.listed("office", id, "司法所 ", func() map[int64]string {
		m := map[int64]string{}
		os, _ := n.s.Store.ListOffices(ctx)
		for _, o := range os {
			m[o.ID] = o.Name
		}
		return m
	})
}

func (n *namer) township(ctx context.Context, id int64) string {
	return n.listed("township", id, "镇（街道）", func() map[int64]string {
		m := map[int64]string{}
		ts, _ := n.s.Store.ListTownships(ctx)
		for _, t := range ts {
			m[t.ID] = t.Name
		}
		return m
	})
}

// listed names a record of a kind the store lists whole (offices,
// townships): label and name, the list read once per page.
func (n *namer) listed(kind string, id int64, label string, list func() map[int64]string) string {
	m, ok := n.lists[kind]
	if !ok {
		m = list()
		n.lists[kind] = m
	}
	if name, ok := m[id]; ok {
		return label + name
	}
	return fmt.Sprintf("%s（编号 %d）", strings.TrimSpace(label), id)
}

func (n *namer) user(ctx context.Context, id int64) string {
	key := fmt.Sprint("user:", id)
	if s, ok := n.names[key]; ok {
		return s
	}
	name := fmt.Sprintf("账号（编号 %d）", id)
	if u, err := n.s.Store.User(ctx, id); err == nil {
		name = "账号 " + u.Username + "（" + u.DisplayName + "）"
	}
	n.names[key] = name
	return name
}
