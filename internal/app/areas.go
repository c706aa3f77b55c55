package app

import "github.com/daugavpils/prdesk/internal/auth"

// area is one part of the regulation with its place in the navigation.
type area struct {
	Path    string
	Key     string // catalogue key of its name
	Perm    auth.Permission
	Clauses []string // the regulation's clauses it covers
	Admin   bool
}

// areas in the order the navigation shows them. An area that is not yet
// built answers with a page naming the clauses it will cover.
var areas = []area{
	{"/petitions", "area.petitions", auth.AreaPetitions, []string{"4.17"}, false},
	{"/visitors", "area.visitors", auth.AreaVisitors, []string{"4.15", "4.16"}, false},
	{"/press", "area.press", auth.AreaPress, []string{"3.5", "4.1", "4.2", "4.3", "4.7", "5.5"}, false},
	// A unit's staff member's one page: their statements in an emergency.
	{"/press/statements", "area.statements", auth.PressStatementSubmit, []string{"5.5"}, false},
	{"/monitoring", "area.monitoring", auth.AreaMonitoring, []string{"4.5"}, false},
	{"/delegations", "area.delegations", auth.AreaDelegations, []string{"3.6", "5.6"}, false},
	{"/awards", "area.awards", auth.AreaAwards, []string{"3.7"}, false},
	// A commission member's one page: the rounds they score.
	{"/awards/scoring", "area.awards_scoring", auth.AwardsScore, []string{"3.7"}, false},
	{"/twincities", "area.twincities", auth.AreaTwinCities, []string{"3.8"}, false},
	{"/contacts", "area.contacts", auth.AreaContacts, []string{"3.4"}, false},
	{"/marketing", "area.marketing", auth.AreaMarketing, []string{"3.2", "3.3", "4.8", "4.9", "4.10", "4.11", "4.12", "5.3"}, false},
	{"/publishing", "area.publishing", auth.AreaPublishing, []string{"3.1", "4.4", "4.6", "4.18", "4.20"}, false},
	{"/materials", "area.materials", auth.AreaMaterials, []string{"4.13", "4.19"}, false},
	{"/archive", "area.archive", auth.AreaArchive, []string{"4.14"}, false},
	{"/tasks", "area.tasks", auth.AreaTasks, []string{"5.1", "5.2", "5.4", "5.7", "9.2"}, false},
	{"/reports", "area.reports", auth.AreaReports, []string{"9.1"}, false},
	// The officials' week across areas, for the front desk and the officials too.
	{"/reports/agenda", "area.agenda", auth.AgendaView, []string{"9.1"}, false},
	{"/privacy", "area.privacy", auth.PrivacyRequest, nil, false},
	{"/admin/users", "area.admin_users", auth.AdminUsers, nil, true},
	{"/admin/audit", "area.admin_audit", auth.AdminAudit, nil, true},
	{"/admin/logins", "area.admin_logins", auth.AdminAudit, nil, true},
	{"/admin/calendar", "area.admin_calendar", auth.AdminCalendar, nil, true},
	{"/admin/access", "area.admin_access", auth.AccessReview, nil, true},
}
