package users

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Limits the users table's checks also hold.
const (
	maxUsername = 40
	maxFullName = 200
	// maxPassword bounds the work one request can ask of argon2id; a
	// passphrase is long, but not this long.
	maxPassword = 256
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9._-]{2,40}$`)

// userForm is what the create and edit forms carry.
type userForm struct {
	Username string
	FullName string
	Email    string
	Roles    []auth.Role
	Active   bool
}

func formOf(u *auth.User) userForm {
	return userForm{Username: u.Username, FullName: u.FullName, Email: u.Email, Roles: u.Roles, Active: u.Active}
}

// readCreate reads the new-account form in the order its fields appear.
func readCreate(f *form.Values) (userForm, string) {
	u := userForm{Active: true}
	u.Username = readUsername(f)
	u.FullName = readName(f)
	u.Email = f.Email("email", false)
	u.Roles = readRoles(f)
	pw := readNewPassword(f, "password")
	return u, pw
}

// readEdit reads the edit form; the user name cannot change, since the audit
// log and sign-in attempts refer to it. One's own form (self) has no roles:
// posted none, the account keeps current.
func readEdit(f *form.Values, self bool, current []auth.Role) userForm {
	var u userForm
	u.FullName = readName(f)
	u.Email = f.Email("email", false)
	if self && f.Raw("roles") == "" {
		u.Roles = current
	} else {
		u.Roles = readRoles(f)
	}
	u.Active = f.Bool("active")
	return u
}

func readUsername(f *form.Values) string {
	// Sign-in lower-cases what is typed, so the stored name is lower-case too.
	s := strings.ToLower(f.Text("username", true, maxUsername))
	if s != "" && f.Errors.Get("username") == "" && !usernamePattern.MatchString(s) {
		f.Add("username", "field.invalid_username")
	}
	return s
}

func readName(f *form.Values) string {
	s := f.Text("full_name", true, maxFullName)
	if f.Errors.Get("full_name") == "" && !printable(s) {
		f.Add("full_name", "users.invalid_characters")
	}
	return s
}

// printable rejects what cannot be a person's name and what PostgreSQL
// refuses to store (NUL, broken UTF-8): line breaks and other control characters.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func readRoles(f *form.Values) []auth.Role {
	names := f.Choices("roles", auth.RoleNames()...)
	if len(names) == 0 && f.Errors.Get("roles") == "" {
		f.Add("roles", "field.choose_role")
	}
	roles := make([]auth.Role, len(names))
	for i, n := range names {
		roles[i] = auth.Role(n)
	}
	return roles
}

// readNewPassword checks a password someone is setting. It is never trimmed:
// spaces at either end are part of it.
func readNewPassword(f *form.Values, name string) string {
	pw := f.Raw(name)
	switch {
	case pw == "":
		f.Missing(name)
	case utf8.RuneCountInString(pw) > maxPassword:
		f.Add(name, "field.too_long", i18n.Number(maxPassword))
	case auth.ValidatePassword(pw) != nil:
		f.Add(name, "field.too_short", i18n.Number(auth.MinPasswordLength))
	}
	return pw
}

// passwordChange is the own-account form.
type passwordChange struct {
	Current string
	New     string
}

func readPasswordChange(f *form.Values) passwordChange {
	var p passwordChange
	p.Current = f.Raw("current_password")
	switch {
	case p.Current == "":
		f.Missing("current_password")
	case utf8.RuneCountInString(p.Current) > maxPassword:
		f.Add("current_password", "field.too_long", i18n.Number(maxPassword))
	}
	p.New = readNewPassword(f, "new_password")
	confirm := f.Raw("confirm_password")
	switch {
	case confirm == "":
		f.Missing("confirm_password")
	case confirm != p.New:
		f.Add("confirm_password", "field.passwords_differ")
	}
	return p
}
