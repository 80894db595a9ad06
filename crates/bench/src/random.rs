//! A small, seeded random source (SplitMix64): the same seed gives the same data set, and
//! nothing outside the standard library is needed.

pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// In [0, n), small values much likelier: `u^power`. Power 1 is uniform; 3 gives a long
    /// tail where the first few percent take most of the draws (popular people, busy authors).
    pub fn skewed(&mut self, n: usize, power: f64) -> usize {
        ((self.unit().powf(power) * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// `count` distinct values from [0, n) (all of them when `count >= n`).
    pub fn distinct(&mut self, n: usize, count: usize) -> Vec<usize> {
        if count >= n {
            return (0..n).collect();
        }
        let mut picked = std::collections::HashSet::with_capacity(count);
        while picked.len() < count {
            picked.insert(self.below(n));
        }
        picked.into_iter().collect()
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_draws_and_skew_favours_low_values() {
        let (mut a, mut b) = (Random::new(7), Random::new(7));
        assert_eq!(a.next_u64(), b.next_u64());
        let low = (0..10_000).filter(|_| a.skewed(100, 3.0) < 10).count();
        assert!(low > 4_000, "{low} of 10,000 draws in the lowest tenth");
        let mut d = a.distinct(50, 20);
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 20);
        assert_eq!(a.distinct(5, 9).len(), 5);
    }
}
