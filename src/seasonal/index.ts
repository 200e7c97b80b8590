/** The seasonal planner (issue 15, docs/seasonal.md): pure modules over daily series. */
export { type AnalogForecast, analogForecast, onsetOf, riseWeekOf } from './analog-forecast.ts';
export {
  type CampaignEffect,
  campaignEffect,
  expectedFromPast,
  type WindowVolume,
} from './campaign-effect.ts';
export { windowTotal, windowVolume } from './campaign-window.ts';
export { dailyFromPoints } from './daily-from-points.ts';
export { type DailySeries, endDay } from './daily-series.ts';
export * from './days.ts';
export { type CampaignEvaluation, evaluateCampaign } from './evaluate-campaign.ts';
export { forecastQuantity, type QuantityForecast, type QuantityPrior } from './forecast-quantity.ts';
export {
  forecastSeason,
  naiveForecast,
  type SeasonFeatures,
  type SeasonForecast,
  type SeasonPriors,
  seasonFeatures,
  WEATHER_PRIORS,
} from './forecast-season.ts';
export { type AnalogSeason, groupAnalogs } from './group-analogs.ts';
export { groupPrior } from './group-prior.ts';
export { averageShapes, meanSeasonShape } from './mean-season-shape.ts';
export { planRegion, sumSeries, type TownPlan, type TownSeries } from './plan-region.ts';
export { type ProfileOptions, profileSeries, type SeriesProfile } from './profile-series.ts';
export {
  campaignStartDay,
  type PlannedSeries,
  type Recommendation,
  recommendCampaigns,
} from './recommend-campaigns.ts';
export { type Recurrence, testRecurrence, testRecurrenceAgainstReference } from './recurrence.ts';
export { seasonStartMonth } from './season-start-month.ts';
export { ONSET_SHARE_OF_PEAK, type SeasonStats, seasonStats } from './season-stats.ts';
export { drawWeather, type SeasonWeather, simulateSeasons, type WaveSpec } from './simulate-seasons.ts';
export { firstMondayOnOrAfter, type Season, splitSeasons } from './split-seasons.ts';
export { type WeekOfYearProfile, weekOfYearProfile } from './week-profile.ts';
export { type WeekTotal, weeklyTotals } from './weekly-totals.ts';
