package petitions

import (
	"net/url"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// The addresses of the lists behind the home page's counts: each count
// links to the list that shows the same submissions (readListForm reads
// these parameters).

// ResolutionQueuePath is the resolution queue: for someone who resolves,
// the submissions waiting for their resolution (AwaitingFor's N).
const ResolutionQueuePath = "/petitions/resolutions"

// AssignedPath is the list of the submissions in progress that the
// signed-in person carries out (AssignedTo's N).
const AssignedPath = "/petitions/assigned"

// listPath is the registry list filtered by the pairs of kv.
func listPath(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return "/petitions?" + q.Encode()
}

// AwaitingOverduePath lists the overdue submissions waiting for userID's
// resolution (AwaitingFor's Overdue).
func AwaitingOverduePath(userID int64) string {
	return listPath("state", string(AwaitingResolution), "addressee", strconv.FormatInt(userID, 10), "overdue", "on")
}

// AssignedOverduePath lists the overdue submissions in progress that userID
// carries out (AssignedTo's Overdue).
func AssignedOverduePath(userID int64) string {
	return listPath("state", string(InProgress), "executor", strconv.FormatInt(userID, 10), "overdue", "on")
}

// StatePath lists the submissions in state s.
func StatePath(s State) string { return listPath("state", string(s)) }

// OverduePath lists every overdue submission (Glance's Overdue).
func OverduePath() string { return listPath("overdue", "on") }

// ReceivedPath lists the submissions received in [from, to), two Riga
// midnights (Glance's Received): the list's dates are whole days, "to"
// the last of them.
func ReceivedPath(from, to time.Time) string {
	return listPath("from", i18n.Date(from), "to", i18n.Date(to.Add(-time.Hour)))
}
