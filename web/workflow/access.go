package workflow

import (
	"context"
	"slices"

	"lawreview/web/storage"
)

// Access rules, in one place so that every operation asks the same question.
//
//   - clerk: documents of the own township: read, upload, new versions.
//   - reviewer: documents of the townships assigned to the own office:
//     read, decide findings, conclude, sign off, reopen, assign advisers.
//     A document the own office signed stays readable after its township
//     moves to another office: the office keeps what it signed.
//   - adviser: documents a reviewer assigned: read and comment.
//   - admin: townships, offices, accounts and the audit log; no documents
//     (the content of drafts is none of the administrator's business).
//   - bureau (司法局): the signed opinions of documents an office assigned
//     to its bureau signed, nothing else of them: no draft, no review page,
//     no change (bureaus.go, stats.go).

// Access is what a user may do with a document.
type Access int

const (
	AccessNone    Access = iota
	AccessRead           // read it and its reviews
	AccessComment        // read and comment (an assigned adviser)
	AccessUpload         // clerk of the township: new versions
	AccessReview         // reviewer of the office: decide, conclude, sign
	AccessOpinion        // the signed opinion only (a bureau of the office that signed it)
)

// Allows reports whether access a is enough for what needs need.
func (a Access) Allows(need Access) bool {
	switch need {
	case AccessRead:
		return a != AccessNone && a != AccessOpinion
	case AccessOpinion:
		return a != AccessNone
	case AccessComment:
		return a == AccessComment || a == AccessReview
	case AccessUpload:
		return a == AccessUpload
	case AccessReview:
		return a == AccessReview
	}
	return false
}

func (s *Service) accessTo(ctx context.Context, u *storage.User, d *storage.Document) (Access, error) {
	switch u.Role {
	case storage.RoleClerk:
		if u.TownshipID != 0 && d.TownshipID == u.TownshipID {
			return AccessUpload, nil
		}
	case storage.RoleReviewer:
		if u.OfficeID != 0 && d.OfficeID == u.OfficeID {
			return AccessReview, nil
		}
		if u.OfficeID != 0 {
			signed, err := s.Store.OfficeSigned(ctx, d.ID, u.OfficeID)
			if err != nil {
				return AccessNone, err
			}
			if signed {
				return AccessRead, nil
			}
		}
	case storage.RoleBureau:
		return s.bureauAccess(ctx, u, d) // bureaus.go
	case storage.RoleAdviser:
		ok, err := s.Store.IsAdviserOf(ctx, d.ID, u.ID)
		if err != nil {
			return AccessNone, err
		}
		if ok {
			return AccessComment, nil
		}
	}
	return AccessNone, nil
}

// Document loads a document the user may access at least at level need.
// A document the user may not even read is NotFound, exactly like one that
// does not exist, so that answers do not tell which ids exist (issue 14);
// Forbidden is for a document the user reads but may not act on this way.
func (s *Service) Document(ctx context.Context, u *storage.User, id int64, need Access) (*storage.Document, Access, error) {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return nil, AccessNone, err
	}
	a, err := s.accessTo(ctx, u, d)
	if err != nil {
		return nil, AccessNone, err
	}
	if a == AccessNone {
		return nil, a, ErrNotFound
	}
	if !a.Allows(need) {
		return nil, a, ErrForbidden
	}
	return d, a, nil
}

// Review loads a review and its document with the access check.
func (s *Service) Review(ctx context.Context, u *storage.User, id int64, need Access) (*storage.Review, *storage.Document, Access, error) {
	r, err := s.Store.Review(ctx, id)
	if err != nil {
		return nil, nil, AccessNone, err
	}
	d, a, err := s.Document(ctx, u, r.DocumentID, need)
	if err != nil {
		return nil, nil, a, err
	}
	return r, d, a, nil
}

// RequireRole fails with ErrForbidden unless u has one of roles. The web
// asks it before it reads a request's body.
func RequireRole(u *storage.User, roles ...storage.Role) error {
	if slices.Contains(roles, u.Role) {
		return nil
	}
	return ErrForbidden
}
