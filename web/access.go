package web

import (
	"context"

	"lawreview/web/storage"
)

// Access rules, in one place so that every handler asks the same question.
//
//   - clerk: documents of the own township: read, upload, new versions.
//   - reviewer: documents of the townships assigned to the own office:
//     read, decide findings, conclude, sign off, reopen, assign advisers.
//     A document the own office signed stays readable after its township
//     moves to another office: the office keeps what it signed.
//   - adviser: documents a reviewer assigned: read and comment.
//   - admin: townships, offices, accounts and the audit log; no documents
//     (the content of drafts is none of the administrator's business).

type access int

const (
	accessNone access = iota
	accessRead
	accessComment
	accessUpload // clerk of the township
	accessReview // reviewer of the office
)

func (s *Server) accessTo(ctx context.Context, u *storage.User, d *storage.Document) (access, error) {
	switch u.Role {
	case storage.RoleClerk:
		if u.TownshipID != 0 && d.TownshipID == u.TownshipID {
			return accessUpload, nil
		}
	case storage.RoleReviewer:
		if u.OfficeID != 0 && d.OfficeID == u.OfficeID {
			return accessReview, nil
		}
		if u.OfficeID != 0 {
			signed, err := s.store.OfficeSigned(ctx, d.ID, u.OfficeID)
			if err != nil {
				return accessNone, err
			}
			if signed {
				return accessRead, nil
			}
		}
	case storage.RoleAdviser:
		ok, err := s.store.IsAdviserOf(ctx, d.ID, u.ID)
		if err != nil {
			return accessNone, err
		}
		if ok {
			return accessComment, nil
		}
	}
	return accessNone, nil
}

// document loads a document the user may access at least at level need.
// A document the user may not even read is 404, exactly like one that
// does not exist, so that answers do not tell which ids exist (issue 14);
// 403 is for a document the user reads but may not act on this way.
func (s *Server) document(ctx context.Context, u *storage.User, id int64, need access) (*storage.Document, access, error) {
	d, err := s.store.Document(ctx, id)
	if err != nil {
		return nil, accessNone, err
	}
	a, err := s.accessTo(ctx, u, d)
	if err != nil {
		return nil, accessNone, err
	}
	if a == accessNone {
		return nil, a, errNotFound
	}
	if !allows(a, need) {
		return nil, a, errForbidden
	}
	return d, a, nil
}

func allows(have, need access) bool {
	switch need {
	case accessRead:
		return have != accessNone
	case accessComment:
		return have == accessComment || have == accessReview
	case accessUpload:
		return have == accessUpload
	case accessReview:
		return have == accessReview
	}
	return false
}

// reviewDoc loads a review and its document with the access check.
func (s *Server) reviewDoc(ctx context.Context, u *storage.User, id int64, need access) (*storage.Review, *storage.Document, access, error) {
	r, err := s.store.Review(ctx, id)
	if err != nil {
		return nil, nil, accessNone, err
	}
	d, a, err := s.document(ctx, u, r.DocumentID, need)
	if err != nil {
		return nil, nil, a, err
	}
	return r, d, a, nil
}

func requireRole(u *storage.User, roles ...storage.Role) error {
	for _, r := range roles {
		if u.Role == r {
			return nil
		}
	}
	return errForbidden
}
