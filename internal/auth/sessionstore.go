package auth

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SessionStore keeps scs's sessions in the sessions table, as pgxstore
// does, with two differences: it reads through the request's context, and
// with a session it reads the accounts' revision, so that LoadUser can
// answer from the accounts it has already read (see KeepUsersRevision).
type SessionStore struct{ pool *pgxpool.Pool }

// NewSessionStore returns the store; expired sessions are swept by the server.
func NewSessionStore(pool *pgxpool.Pool) *SessionStore { return &SessionStore{pool: pool} }

var _ scs.CtxStore = (*SessionStore)(nil)

// FindCtx returns the data of an unexpired session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	var revision int64
	err := s.pool.QueryRow(ctx, `select s.data, r.n from sessions s, revisions r
		where r.name = 'users' and s.token = $1 and current_timestamp < s.expiry`, token).Scan(&b, &revision)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if seen, ok := ctx.Value(usersRevisionKey{}).(*usersRevision); ok {
		seen.n, seen.read = revision, true
	}
	return b, true, nil
}

// CommitCtx stores a session's data and expiry.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.pool.Exec(ctx, `insert into sessions (token, data, expiry) values ($1, $2, $3)
		on conflict (token) do update set data = excluded.data, expiry = excluded.expiry`, token, b, expiry)
	return err
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.pool.Exec(ctx, `delete from sessions where token = $1`, token)
	return err
}

// Find is FindCtx without a request.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a request.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a request.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

type usersRevisionKey struct{}

// usersRevision is the accounts' revision read with this request's session.
type usersRevision struct {
	n    int64
	read bool
}

// KeepUsersRevision makes room in the request for the accounts' revision
// the session store reads; it wraps the session middleware.
func KeepUsersRevision(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), usersRevisionKey{}, &usersRevision{})))
	})
}

// UsersRevision is the accounts' revision read with this request's
// session, for a page that keeps what it reads of the accounts: what it
// kept at this revision still holds.
func UsersRevision(ctx context.Context) (int64, bool) {
	seen, _ := ctx.Value(usersRevisionKey{}).(*usersRevision)
	if seen == nil || !seen.read {
		return 0, false
	}
	return seen.n, true
}

// keptUsers are accounts as read at one revision of the accounts table.
// A kept *User is shared between requests and never changed.
type keptUsers struct {
	mu       sync.Mutex
	revision int64
	users    map[int64]*User
}

func (k *keptUsers) get(revision, id int64) *User {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.revision != revision {
		return nil
	}
	return k.users[id]
}

func (k *keptUsers) put(revision int64, u *User) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.users == nil || revision > k.revision {
		k.users, k.revision = map[int64]*User{}, revision
	}
	if revision == k.revision {
		k.users[u.ID] = u
	}
}

// userOf is the account id, from those kept when the revision read with
// the session is theirs. The revision was read before the account, so an
// account changed in between is kept under the older revision, which the
// next request no longer matches.
func (h *Handler) userOf(ctx context.Context, id int64) (*User, error) {
	seen, _ := ctx.Value(usersRevisionKey{}).(*usersRevision)
	if seen != nil && seen.read {
		if u := h.kept.get(seen.n, id); u != nil {
			return u, nil
		}
	}
	u, err := h.users.ByID(ctx, id)
	if err == nil && seen != nil && seen.read {
		h.kept.put(seen.n, u)
	}
	return u, err
}
