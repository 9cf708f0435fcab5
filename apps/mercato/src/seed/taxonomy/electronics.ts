import { axis } from './axes.ts';
import type { DepartmentSpec } from './types.ts';

// Brand names are invented; any likeness to a real company is accidental.

export const audio: DepartmentSpec = {
  slug: 'audio',
  name: 'Audio',
  code: 'AUD',
  hue: 265,
  icon: 'headphones',
  titleStyle: 'product',
  brands: ['Norrland', 'Sonara', 'Veldt', 'Aurelia Sound', 'Brightwave', 'Kestrel', 'Halvard', 'Tidewell', 'Lumen Acoustics', 'Oren'],
  adjectives: ['Wireless', 'Compact', 'Studio', 'Portable', 'Premium', 'Lightweight', 'Pro', 'Classic'],
  intros: [
    'The {title} delivers rich, balanced sound in a design you will want to use every day.',
    'Tuned for clear vocals, deep bass and long listening sessions, this is {brand} at its best.',
    'Built for music lovers, the {title} brings studio-grade sound to your daily routine.',
  ],
  details: [
    'Pairs in seconds with phones, tablets and laptops.',
    'A companion app lets you adjust the EQ and update the firmware.',
    'Replaceable parts and a two-year warranty keep it going for years.',
    'The sturdy carrying pouch is included in the box.',
  ],
  leaves: [
    {
      slug: 'headphones',
      name: 'Headphones & Earbuds',
      code: 'HPH',
      weight: 3,
      nouns: ['Headphones', 'Earbuds', 'Headset'],
      features: ['Noise-Cancelling', 'Over-Ear', 'Bluetooth', 'Hi-Res', 'Low-Latency', 'Foldable', 'Sport', 'Open-Back'],
      options: [axis('Color', ['Black', 'White', 'Midnight Blue', 'Sand', 'Sage Green', 'Silver'])],
      priceUsd: [29, 399],
      details: [
        'Up to 40 hours of battery life, and ten minutes of charging gives three more hours.',
        'Memory-foam cushions stay comfortable through a long flight.',
        'Multipoint pairing switches between two devices without fuss.',
      ],
    },
    {
      slug: 'speakers',
      name: 'Speakers',
      code: 'SPK',
      weight: 2,
      nouns: ['Speaker', 'Soundbar', 'Bookshelf Speakers'],
      features: ['Waterproof', 'Bluetooth', 'Smart', '360-Degree', 'Wi-Fi', 'Rugged', 'Stereo', 'Dual-Driver'],
      options: [axis('Color', ['Black', 'White', 'Slate Gray', 'Terracotta', 'Forest Green'])],
      priceUsd: [39, 699],
      details: [
        'Fills a living room with sound and stays clean at high volume.',
        'Link two units for true stereo, or group several across the house.',
        'Acoustic fabric and an aluminum frame make it as good to look at as to hear.',
      ],
    },
    {
      slug: 'hi-fi',
      name: 'Turntables & Hi-Fi',
      code: 'HFI',
      weight: 1,
      nouns: ['Turntable', 'Stereo Amplifier', 'Music Streamer'],
      adjectives: ['Classic', 'Audiophile', 'Compact', 'Studio', 'Vintage-Style', 'Reference', 'Premium', 'Minimalist'],
      features: ['Walnut', 'Bluetooth', 'USB', 'Phono', 'Tube', 'Aluminum', 'Balanced', 'Class-D'],
      options: [axis('Finish', [['Black', 1], ['Walnut', 1.12], ['Silver', 1.05], ['White', 1]])],
      priceUsd: [149, 1499],
      details: [
        'Precision components keep noise low and detail high.',
        'Gold-plated connectors and a detachable power cable are included.',
        'A calm, uncluttered front panel puts the controls you need within reach.',
      ],
    },
  ],
};

export const computers: DepartmentSpec = {
  slug: 'computers',
  name: 'Computers',
  code: 'CMP',
  hue: 210,
  icon: 'laptop',
  titleStyle: 'product',
  brands: ['Corvid', 'Altmark', 'Quillon', 'Ferro', 'Brightline', 'Solvik', 'Arcadia Systems', 'Meridian', 'Talven', 'Obsidia'],
  adjectives: ['Slim', 'Pro', 'Ultralight', 'Performance', 'Compact', 'Creator', 'Business', 'Gaming'],
  intros: [
    'The {title} is made for long days of work, study and play.',
    '{brand} built this {noun} around speed, quiet operation and a clean design.',
    'Meet the {title}: capable hardware in a package that fits your desk and your budget.',
  ],
  details: [
    'Ships with the latest firmware and a one-year limited warranty.',
    'Every unit is tested before it leaves the factory.',
    'Recycled aluminum and plastics make up much of the enclosure.',
    'Works with Windows, macOS, ChromeOS and Linux.',
  ],
  leaves: [
    {
      slug: 'laptops',
      name: 'Laptops',
      code: 'LAP',
      weight: 2,
      nouns: ['Laptop', 'Notebook', '2-in-1 Laptop'],
      features: ['14-inch', '16-inch', '13-inch', 'OLED', 'Touchscreen', 'Aluminum', 'Carbon Fiber', 'Fanless'],
      options: [
        axis('Configuration', [['8 GB / 256 GB', 1], ['16 GB / 512 GB', 1.25], ['32 GB / 1 TB', 1.6], ['64 GB / 2 TB', 2.1]]),
      ],
      priceUsd: [499, 1999],
      details: [
        'All-day battery life and fast charging over USB-C.',
        'A backlit keyboard and a large glass trackpad make long sessions comfortable.',
        'Two Thunderbolt ports, HDMI and a headphone jack cover most setups without a dongle.',
      ],
    },
    {
      slug: 'monitors',
      name: 'Monitors',
      code: 'MON',
      weight: 1,
      nouns: ['Monitor', 'Display'],
      features: ['4K', 'IPS', 'Curved', 'USB-C', 'High-Refresh', 'QHD', 'Ultrawide', 'HDR'],
      options: [axis('Screen Size', [['24-inch', 1], ['27-inch', 1.3], ['32-inch', 1.7], ['34-inch', 2]])],
      priceUsd: [149, 899],
      details: [
        'Factory-calibrated color makes photos and video look the way they should.',
        'A height-adjustable stand tilts, swivels and pivots to portrait.',
        'One USB-C cable carries video, data and up to 90 W of power to a laptop.',
      ],
    },
    {
      slug: 'keyboards-mice',
      name: 'Keyboards & Mice',
      code: 'KBM',
      weight: 2,
      nouns: ['Keyboard', 'Mouse', 'Trackpad'],
      features: ['Wireless', 'Ergonomic', 'Low-Profile', 'Bluetooth', 'Backlit', 'Silent', 'Rechargeable', 'Multi-Device'],
      options: [axis('Color', ['Black', 'White', 'Graphite', 'Lavender', 'Sage Green'])],
      priceUsd: [19, 179],
      details: [
        'Switches between three paired devices with one button.',
        'A single charge lasts for months of typical use.',
        'Quiet, precise and comfortable through a full working day.',
      ],
    },
  ],
};

export const phones: DepartmentSpec = {
  slug: 'phones-tablets',
  name: 'Phones & Tablets',
  code: 'PHT',
  hue: 190,
  icon: 'phone',
  titleStyle: 'product',
  brands: ['Orbit', 'Lumio', 'Vanta', 'Pelion', 'Sable', 'Kairo', 'Zephyra', 'Novalis', 'Auren', 'Strata'],
  adjectives: ['Pro', 'Lite', 'Max', 'Plus', 'Mini', 'Ultra', 'Edge', 'Neo'],
  intros: [
    'The {title} keeps you connected with a fast chip and a bright, sharp screen.',
    '{brand} designed this {noun} to feel great in the hand and last all day.',
    'Everything you need, at an honest price: that is the {title}.',
  ],
  details: [
    'Comes with a USB-C cable and five years of security updates.',
    'Unlocked, and works with all major carriers.',
    'Recycled aluminum frame and a scratch-resistant glass front.',
  ],
  leaves: [
    {
      slug: 'smartphones',
      name: 'Smartphones',
      code: 'PHN',
      weight: 2,
      nouns: ['Smartphone', 'Foldable Phone'],
      features: ['5G', 'Dual-SIM', 'Camera', 'Rugged', 'Compact', 'OLED', '120Hz', 'Unlocked'],
      options: [
        axis('Color', ['Obsidian Black', 'Glacier White', 'Ocean Blue', 'Sunset Gold', 'Mint']),
        axis('Storage', [['128 GB', 1], ['256 GB', 1.15], ['512 GB', 1.4], ['1 TB', 1.75]]),
      ],
      priceUsd: [199, 1199],
      details: [
        'A triple camera with night mode takes sharp photos in low light.',
        'The battery lasts a full day and charges to half in thirty minutes.',
        'Water and dust resistance rated IP68.',
      ],
    },
    {
      slug: 'tablets',
      name: 'Tablets & E-Readers',
      code: 'TAB',
      weight: 1,
      nouns: ['Tablet', 'E-Reader'],
      features: ['11-inch', 'Wi-Fi', 'Cellular', 'Paper-Like', 'Kids', 'OLED', 'Stylus-Ready', '13-inch'],
      options: [
        axis('Color', ['Space Gray', 'Silver', 'Blue']),
        axis('Storage', [['64 GB', 1], ['128 GB', 1.15], ['256 GB', 1.35], ['512 GB', 1.7]]),
      ],
      priceUsd: [99, 999],
      details: [
        'A glare-free screen makes reading comfortable outdoors and at night.',
        'Weeks of battery for reading, a full day for video.',
        'Split-screen multitasking and stylus support for notes and sketches.',
      ],
    },
    {
      slug: 'phone-accessories',
      name: 'Chargers & Power',
      code: 'CHG',
      weight: 2,
      nouns: ['Charger', 'Power Bank', 'Charging Stand'],
      features: ['Magnetic', 'Fast-Charging', 'Compact', 'Travel', 'Dual-Port', 'Wireless', '65W', 'Foldable'],
      options: [axis('Color', ['Black', 'White', 'Navy', 'Blush Pink'])],
      priceUsd: [15, 89],
      details: [
        'Smart circuitry protects your devices from overheating and overcharging.',
        'Small enough for a jacket pocket, strong enough to charge a laptop.',
        'Charges a phone and earbuds at the same time.',
      ],
    },
  ],
};
