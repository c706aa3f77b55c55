package app

import (
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/delegations"
)

// delegationsDeps are the delegations area's dependencies: the directory
// its organisations and guests are picked from.
func (a *App) delegationsDeps(directory *contacts.Store) delegations.Deps {
	return delegations.Deps{Pool: a.pool, Sessions: a.sessions, Files: a.files, Jobs: a.Jobs(),
		Contacts: directory, Now: a.cfg.Now}
}
