//! Finding ambassadors (informal leaders) from the interaction graph: who replied to,
//! reacted to or mentioned whom. Pure functions over a graph of indices; loading it is
//! `hearth_db::ambassadors`, inviting the people found is `crate::ambassadors`.
//!
//! Four measures per person: degree (how many people they interact with, either way),
//! reciprocity (the share of those where it goes both ways), bridging (how many other
//! departments they reach, and the share of their contacts outside their own), and
//! betweenness (how often they lie on the shortest paths between two other people: the
//! measure of someone who connects groups that would otherwise be far apart).
//!
//! Betweenness is Brandes' algorithm on the unweighted, undirected graph: O(people ×
//! contacts). Up to `EXACT_UP_TO` people it is exact (about a second at 2,000 people with 50
//! contacts each). Beyond, it runs from `PIVOTS` sampled sources and scales up (Brandes and
//! Pich, "Centrality estimation in large networks", 2007): the people with high betweenness
//! (the only ones that matter here) are estimated well from a few hundred sources, and the
//! cost stays flat (~500 breadth-first searches) however large the organisation grows.

use std::collections::{HashMap, HashSet, VecDeque};

/// Exact betweenness up to this many people; sampled beyond.
pub const EXACT_UP_TO: usize = 2_000;
/// Sources sampled for betweenness beyond `EXACT_UP_TO` people.
pub const PIVOTS: usize = 500;
/// A candidate interacts with at least this many people …
pub const MIN_DEGREE: u32 = 5;
/// … of whom at least this share interact back …
pub const MIN_RECIPROCITY: f64 = 0.25;
/// … reaches at least this many departments other than their own …
pub const MIN_DEPARTMENTS_REACHED: u32 = 2;
/// … and lies on at least this many times the average betweenness.
pub const STANDS_OUT: f64 = 2.0;
/// At most this share of people are candidates in a round (at least one, when anyone
/// qualifies), and at most `MAX_CANDIDATES`.
pub const CANDIDATE_SHARE: f64 = 0.02;
pub const MAX_CANDIDATES: usize = 50;

/// How betweenness was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Betweenness {
    Exact,
    /// From this many sampled sources.
    Sampled(usize),
}

impl Betweenness {
    /// Exact for small organisations, sampled beyond.
    pub fn for_people(people: usize) -> Betweenness {
        if people <= EXACT_UP_TO {
            Betweenness::Exact
        } else {
            Betweenness::Sampled(PIVOTS)
        }
    }
}

/// The interaction graph: people by index, each with a department (by index) or none, and
/// directed interactions (who acted on whom; self-interactions ignored).
pub struct Graph {
    departments: Vec<Option<u32>>,
    /// Contacts either way, sorted and without repeats.
    contacts: Vec<Vec<u32>>,
    /// Directed pairs that occurred.
    directed: HashSet<(u32, u32)>,
}

impl Graph {
    pub fn new(departments: Vec<Option<u32>>, interactions: &[(u32, u32)]) -> Graph {
        let n = departments.len();
        let mut contacts = vec![Vec::new(); n];
        let mut directed = HashSet::with_capacity(interactions.len());
        for &(from, to) in interactions {
            if from == to || from as usize >= n || to as usize >= n {
                continue;
            }
            if directed.insert((from, to)) && !directed.contains(&(to, from)) {
                contacts[from as usize].push(to);
                contacts[to as usize].push(from);
            }
        }
        for c in &mut contacts {
            c.sort_unstable();
            c.dedup();
        }
        Graph {
            departments,
            contacts,
            directed,
        }
    }

    pub fn people(&self) -> usize {
        self.departments.len()
    }
}

/// One person's position in the graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Position {
    pub degree: u32,
    pub reciprocity: f64,
    /// Departments other than their own among their contacts.
    pub departments_reached: u32,
    /// Share of contacts outside their own department (contacts with a department).
    pub cross_share: f64,
    /// Normalised to 0..1: the share of pairs of other people whose shortest paths they lie on.
    pub betweenness: f64,
}

pub fn positions(graph: &Graph, method: Betweenness) -> Vec<Position> {
    let between = betweenness(graph, method);
    (0..graph.people())
        .map(|v| {
            let contacts = &graph.contacts[v];
            let v32 = v as u32;
            let mutual = contacts
                .iter()
                .filter(|&&w| {
                    graph.directed.contains(&(v32, w)) && graph.directed.contains(&(w, v32))
                })
                .count();
            let own = graph.departments[v];
            let mut reached = HashSet::new();
            let (mut with_department, mut outside) = (0usize, 0usize);
            for &w in contacts {
                if let Some(d) = graph.departments[w as usize] {
                    with_department += 1;
                    if Some(d) != own {
                        outside += 1;
                        reached.insert(d);
                    }
                }
            }
            Position {
                degree: u32::try_from(contacts.len()).unwrap_or(u32::MAX),
                reciprocity: ratio(mutual, contacts.len()),
                departments_reached: u32::try_from(reached.len()).unwrap_or(u32::MAX),
                cross_share: ratio(outside, with_department),
                betweenness: between[v],
            }
        })
        .collect()
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Brandes' betweenness, exact or from sampled sources, normalised by the number of pairs.
pub fn betweenness(graph: &Graph, method: Betweenness) -> Vec<f64> {
    let n = graph.people();
    let mut total = vec![0.0f64; n];
    if n < 3 {
        return total;
    }
    let sources: Vec<usize> = match method {
        Betweenness::Sampled(k) if k < n => sample(n, k),
        _ => (0..n).collect(),
    };
    let scale = n as f64 / sources.len() as f64;
    // Buffers reused across sources: one breadth-first search each.
    let mut order = Vec::with_capacity(n);
    let mut paths = vec![0.0f64; n];
    let mut distance = vec![-1i64; n];
    let mut dependency = vec![0.0f64; n];
    let mut queue = VecDeque::with_capacity(n);
    for s in sources {
        order.clear();
        paths.iter_mut().for_each(|p| *p = 0.0);
        distance.iter_mut().for_each(|d| *d = -1);
        dependency.iter_mut().for_each(|d| *d = 0.0);
        paths[s] = 1.0;
        distance[s] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &graph.contacts[v] {
                let w = w as usize;
                if distance[w] < 0 {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                }
            }
        }
        // Back from the farthest: each predecessor v of w (one step nearer) takes its
        // share of w's paths.
        for &w in order.iter().rev() {
            for &v in &graph.contacts[w] {
                let v = v as usize;
                if distance[v] == distance[w] - 1 {
                    dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
                }
            }
            if w != s {
                total[w] += dependency[w];
            }
        }
    }
    // Undirected: each pair was counted from both ends.
    let pairs = (n - 1) as f64 * (n - 2) as f64;
    total.iter_mut().for_each(|b| *b = *b * scale / pairs);
    total
}

/// `k` distinct sources out of `n`, the same ones every run for the same `n` (a round can be
/// repeated and checked).
fn sample(n: usize, k: usize) -> Vec<usize> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ n as u64;
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    // Partial Fisher–Yates over the indices.
    let mut all: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + (next() % (n - i) as u64) as usize;
        all.swap(i, j);
    }
    all.truncate(k);
    all
}

/// The people worth inviting, from `eligible` ones (employees who have not opted out): those
/// who interact with enough people, both ways, across departments, and stand out as bridges;
/// the most central first, at most `CANDIDATE_SHARE` of everyone.
pub fn candidates(positions: &[Position], eligible: impl Fn(usize) -> bool) -> Vec<usize> {
    let connected: Vec<f64> = positions
        .iter()
        .filter(|p| p.degree > 0)
        .map(|p| p.betweenness)
        .collect();
    if connected.is_empty() {
        return Vec::new();
    }
    let average = connected.iter().sum::<f64>() / connected.len() as f64;
    let mut found: Vec<usize> = (0..positions.len())
        .filter(|&v| eligible(v))
        .filter(|&v| {
            let p = &positions[v];
            p.degree >= MIN_DEGREE
                && p.reciprocity >= MIN_RECIPROCITY
                && p.departments_reached >= MIN_DEPARTMENTS_REACHED
                && p.betweenness > 0.0
                && p.betweenness >= STANDS_OUT * average
        })
        .collect();
    found.sort_by(|&a, &b| {
        let (pa, pb) = (&positions[a], &positions[b]);
        pb.betweenness
            .total_cmp(&pa.betweenness)
            .then(pb.departments_reached.cmp(&pa.departments_reached))
            .then(pb.degree.cmp(&pa.degree))
            .then(a.cmp(&b))
    });
    let most =
        ((positions.len() as f64 * CANDIDATE_SHARE).ceil() as usize).clamp(1, MAX_CANDIDATES);
    found.truncate(most);
    found
}

/// Indexes people and departments by their ids, for `Graph::new`.
#[derive(Default)]
pub struct Index {
    people: HashMap<String, u32>,
    departments: HashMap<String, u32>,
    pub ids: Vec<String>,
    pub person_departments: Vec<Option<u32>>,
}

impl Index {
    pub fn add_person(&mut self, id: String, department: Option<&str>) {
        let department = department.map(|d| {
            let next = u32::try_from(self.departments.len()).unwrap_or(u32::MAX);
            *self.departments.entry(d.to_lowercase()).or_insert(next)
        });
        let index = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.people.insert(id.clone(), index);
        self.ids.push(id);
        self.person_departments.push(department);
    }

    pub fn of(&self, id: &str) -> Option<u32> {
        self.people.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random numbers for building graphs.
    struct Dice(u64);
    impl Dice {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// `teams` departments of `size` people, dense inside (each pair interacts both ways with
    /// probability 0.3), one very busy person per team who interacts with everyone in it, and
    /// `bridges` people (of the first department) who interact both ways with 4 people of
    /// every team. Returns the graph and the bridges' indices.
    fn planted(teams: u32, size: u32, bridges: u32, seed: u64) -> (Graph, Vec<usize>) {
        planted_with_noise(teams, size, bridges, 0, seed)
    }

    /// As `planted`, with `noise` random pairs of people of different teams who also
    /// interact both ways (the everyday contacts every organisation has).
    fn planted_with_noise(
        teams: u32,
        size: u32,
        bridges: u32,
        noise: u32,
        seed: u64,
    ) -> (Graph, Vec<usize>) {
        let mut dice = Dice(seed);
        let mut departments = Vec::new();
        let mut edges = Vec::new();
        for t in 0..teams {
            let first = t * size;
            for i in 0..size {
                departments.push(Some(t));
                for j in 0..i {
                    if i == 0 || j == 0 || dice.below(10) < 3 {
                        edges.push((first + i, first + j));
                        edges.push((first + j, first + i));
                    }
                }
            }
        }
        let mut planted = Vec::new();
        for b in 0..bridges {
            let me = teams * size + b;
            departments.push(Some(0));
            planted.push(me as usize);
            for t in 0..teams {
                for _ in 0..4 {
                    let other =
                        t * size + 1 + u32::try_from(dice.below(u64::from(size - 1))).unwrap();
                    edges.push((me, other));
                    edges.push((other, me));
                }
            }
        }
        let everyone = u64::from(teams * size);
        let mut added = 0;
        while added < noise {
            let (a, b) = (dice.below(everyone) as u32, dice.below(everyone) as u32);
            if a / size != b / size {
                edges.push((a, b));
                edges.push((b, a));
                added += 1;
            }
        }
        (Graph::new(departments, &edges), planted)
    }

    fn sorted(mut v: Vec<usize>) -> Vec<usize> {
        v.sort_unstable();
        v
    }

    #[test]
    fn planted_bridges_are_found_exactly() {
        for seed in [1, 7, 2026] {
            let (graph, bridges) = planted(4, 30, 3, seed);
            let found = candidates(&positions(&graph, Betweenness::Exact), |_| true);
            assert_eq!(sorted(found), bridges, "seed {seed}");
        }
    }

    #[test]
    fn planted_bridges_stand_out_from_everyday_contacts_across_teams() {
        for seed in [2, 9, 42] {
            let (graph, bridges) = planted_with_noise(5, 40, 4, 25, seed);
            let found = candidates(&positions(&graph, Betweenness::Exact), |_| true);
            // The bridges come first; someone with a few contacts across teams may follow.
            assert!(found.len() >= bridges.len(), "seed {seed}: {found:?}");
            assert_eq!(
                sorted(found[..bridges.len()].to_vec()),
                bridges,
                "seed {seed}"
            );
        }
    }

    #[test]
    fn planted_bridges_are_found_from_sampled_sources() {
        for seed in [3, 11] {
            let (graph, bridges) = planted(6, 60, 4, seed);
            let found = candidates(&positions(&graph, Betweenness::Sampled(60)), |_| true);
            assert_eq!(sorted(found), bridges, "seed {seed}");
        }
    }

    #[test]
    fn busy_people_inside_one_team_are_not_bridges() {
        let (graph, _) = planted(4, 30, 0, 5);
        let p = positions(&graph, Betweenness::Exact);
        // The first of each team talks to everyone in it, but to no other department.
        assert!(p[0].degree >= 29);
        assert!(candidates(&p, |_| true).is_empty());
    }

    #[test]
    fn people_who_may_not_be_invited_are_skipped() {
        let (graph, bridges) = planted(4, 30, 3, 1);
        let found = candidates(&positions(&graph, Betweenness::Exact), |v| v != bridges[0]);
        assert_eq!(sorted(found), bridges[1..].to_vec());
    }

    #[test]
    fn betweenness_of_known_graphs() {
        // A path a - b - c - d: b and c each lie on two of the three pairs of others.
        let path = Graph::new(vec![None; 4], &[(0, 1), (1, 2), (3, 2)]);
        let b = betweenness(&path, Betweenness::Exact);
        assert_eq!(b, vec![0.0, 2.0 / 3.0, 2.0 / 3.0, 0.0]);
        // A star: the centre lies on every pair of leaves.
        let star = Graph::new(vec![None; 5], &[(0, 1), (0, 2), (3, 0), (4, 0)]);
        let b = betweenness(&star, Betweenness::Exact);
        assert_eq!(b[0], 1.0);
        assert!(b[1..].iter().all(|&x| x == 0.0));
        // A square: two shortest paths between opposite corners, each corner on half of one pair.
        let square = Graph::new(vec![None; 4], &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        let b = betweenness(&square, Betweenness::Exact);
        assert!(b.iter().all(|&x| (x - 1.0 / 6.0).abs() < 1e-12), "{b:?}");
    }

    #[test]
    fn degree_reciprocity_and_bridging() {
        // 0 talks to 1 (both ways), 2 and 3 (one way); 1 and 2 share 0's department.
        let graph = Graph::new(
            vec![Some(0), Some(0), Some(1), Some(2), None],
            &[(0, 1), (1, 0), (0, 2), (3, 0), (4, 4)],
        );
        let p = positions(&graph, Betweenness::Exact);
        assert_eq!(p[0].degree, 3);
        assert_eq!(p[0].reciprocity, 1.0 / 3.0);
        assert_eq!(p[0].departments_reached, 2);
        assert_eq!(p[0].cross_share, 2.0 / 3.0);
        assert_eq!(p[4].degree, 0, "talking to oneself is no contact");
    }

    #[test]
    fn sampled_sources_are_distinct_and_repeatable() {
        let a = sample(10_000, 500);
        assert_eq!(a, sample(10_000, 500));
        assert_eq!(a.iter().collect::<HashSet<_>>().len(), 500);
        assert!(a.iter().all(|&s| s < 10_000));
        assert_eq!(Betweenness::for_people(2_000), Betweenness::Exact);
        assert_eq!(Betweenness::for_people(2_001), Betweenness::Sampled(PIVOTS));
    }
}
