package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"lawreview/web/storage"
)

// The county 司法局 (issue 16). The administrator creates a bureau,
// assigns it offices and gives it accounts (role bureau). Its accounts
// read the statistics, the 文号 register and the signed opinions of those
// offices, and nothing else: no draft, no review, no change.

// CreateBureau adds a 司法局 with the offices assigned to it.
func (s *Service) CreateBureau(ctx context.Context, u *storage.User, name string, officeIDs []int64) (int64, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return 0, err
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 50 {
		return 0, fail(Invalid, "请填写司法局名称（不超过 50 字）")
	}
	if err := officesExist(ctx, s.Store, officeIDs); err != nil {
		return 0, err
	}
	id, err := s.Store.CreateBureau(ctx, name)
	if errors.Is(err, storage.ErrDuplicate) {
		return 0, fail(Conflict, "司法局「"+name+"」已存在")
	}
	if err != nil {
		return 0, err
	}
	if err := s.Store.SetBureauOffices(ctx, id, officeIDs); err != nil {
		return 0, err
	}
	s.audit(ctx, u, storage.AuditBureauCreate, fmt.Sprintf("bureau:%d", id), fmt.Sprintf("%s，司法所 %v", name, officeIDs))
	return id, nil
}

// SetBureauOffices replaces the offices assigned to a bureau.
func (s *Service) SetBureauOffices(ctx context.Context, u *storage.User, bureauID int64, officeIDs []int64) error {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return err
	}
	if _, err := s.Store.Bureau(ctx, bureauID); err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return fail(NotFound, "没有这个司法局")
		}
		return err
	}
	if err := officesExist(ctx, s.Store, officeIDs); err != nil {
		return err
	}
	if err := s.Store.SetBureauOffices(ctx, bureauID, officeIDs); err != nil {
		return err
	}
	s.audit(ctx, u, storage.AuditBureauOffices, fmt.Sprintf("bureau:%d", bureauID), fmt.Sprintf("司法所 %v", officeIDs))
	return nil
}

func officesExist(ctx context.Context, st storage.Store, ids []int64) error {
	for _, id := range ids {
		if err := officeExists(ctx, st, id); err != nil {
			return err
		}
	}
	return nil
}

// bureauOffices are the offices a bureau account sees (none when its
// bureau is gone or has none).
func (s *Service) bureauOffices(ctx context.Context, u *storage.User) ([]int64, error) {
	if u.BureauID == 0 {
		return []int64{}, nil
	}
	b, err := s.Store.Bureau(ctx, u.BureauID)
	if errors.Is(err, storage.ErrNotFound) {
		return []int64{}, nil
	}
	if err != nil {
		return nil, err
	}
	if b.OfficeIDs == nil {
		return []int64{}, nil
	}
	return b.OfficeIDs, nil
}

// bureauAccess: a bureau reads the signed opinion of a document that one
// of its offices signed (as recorded at sign-off), and nothing more.
func (s *Service) bureauAccess(ctx context.Context, u *storage.User, d *storage.Document) (Access, error) {
	offices, err := s.bureauOffices(ctx, u)
	if err != nil {
		return AccessNone, err
	}
	for _, o := range offices {
		signed, err := s.Store.OfficeSigned(ctx, d.ID, o)
		if err != nil {
			return AccessNone, err
		}
		if signed {
			return AccessOpinion, nil
		}
	}
	return AccessNone, nil
}

// statsOffices are the offices whose figures a user reads: a reviewer's
// own, a bureau's assigned ones, every office for the administrator
// (nil). Others read none.
func (s *Service) statsOffices(ctx context.Context, u *storage.User) ([]int64, error) {
	switch u.Role {
	case storage.RoleReviewer:
		if u.OfficeID == 0 {
			return []int64{}, nil
		}
		return []int64{u.OfficeID}, nil
	case storage.RoleBureau:
		return s.bureauOffices(ctx, u)
	case storage.RoleAdmin:
		return nil, nil
	}
	return nil, ErrForbidden
}

// inScope reports whether an office is among a scope's (nil: all).
func inScope(scope []int64, office int64) bool {
	return scope == nil || slices.Contains(scope, office)
}
